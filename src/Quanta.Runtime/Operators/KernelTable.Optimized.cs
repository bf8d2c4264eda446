namespace Quanta.Runtime;

public static partial class KernelTable
{
    // One entry point for every SIMD group; each group registers its kernels in its own file.
    static partial void AddOptimized(KernelRegistry r)
    {
        AddOptimizedFloat(r);
    }
}
