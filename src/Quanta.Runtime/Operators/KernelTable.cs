namespace Quanta.Runtime;

/// <summary>
/// The explicit table of every kernel Quanta ships. Each group of ops registers its kernels in its
/// own <c>KernelTable.*.cs</c> file, so the table is read, not discovered by reflection.
/// </summary>
public static partial class KernelTable
{
    /// <summary>Builds a registry holding every kernel.</summary>
    public static KernelRegistry Build()
    {
        var r = new KernelRegistry();
        AddFloatElementwise(r);
        AddFloatTensorOps(r);
        AddFloatNeuralNet(r);
        AddTfliteFloat(r);
        AddIntegerReference(r);
        AddOptimized(r);
        return r;
    }

    // Each group lives in its own file; a group not written yet adds nothing.
    static partial void AddFloatElementwise(KernelRegistry r);
    static partial void AddFloatTensorOps(KernelRegistry r);
    static partial void AddFloatNeuralNet(KernelRegistry r);
    static partial void AddTfliteFloat(KernelRegistry r);
    static partial void AddIntegerReference(KernelRegistry r);
    static partial void AddOptimized(KernelRegistry r);
}
