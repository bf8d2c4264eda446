using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearAdd on two int8 tensors of the output's shape with constant per-tensor
/// parameters (a residual connection) on <see cref="QS8QLinearAdd"/>, bit-exact with the reference
/// binding (<see cref="QLinearBinaryKernel"/>), which validates the node and takes every other case.
/// </summary>
internal sealed class QLinearAddOptimizedKernel : IKernel
{
    private readonly QS8QLinearAdd _add;

    private QLinearAddOptimizedKernel(QS8QLinearAdd add) => _add = add;

    /// <summary>Binds the node with vectors of at most <paramref name="maxVectorBits"/> bits.</summary>
    public static IKernel Create(KernelContext c, int maxVectorBits)
    {
        var reference = new QLinearBinaryKernel(c, multiply: false);
        if (c.Input(0).Type != DataType.Int8 || !c.InputShape(0).Equals(c.OutputShape(0)) || !c.InputShape(3).Equals(c.OutputShape(0))) return OptimizedBinding.AsReference(c, reference);
        if (Constant(c, 1, 2) is not { } a || Constant(c, 4, 5) is not { } b || Constant(c, 6, 7) is not { } y) return OptimizedBinding.AsReference(c, reference);
        if (a.Scale > QS8QLinearAdd.MaxScale || b.Scale > QS8QLinearAdd.MaxScale) return OptimizedBinding.AsReference(c, reference);
        var (min, max) = QLinearBinding.Clamp(c, DataType.Int8);
        return new QLinearAddOptimizedKernel(new QS8QLinearAdd(a, b, y, min, max, maxVectorBits));
    }

    /// <summary>Constant per-tensor parameters (validated by the reference binding), or null.</summary>
    private static AffineQuant? Constant(KernelContext c, int scale, int zeroPoint)
    {
        if (c.InputData(scale) is not { ElementCount: 1 } s) return null;
        if (c.HasInput(zeroPoint) && c.InputData(zeroPoint) is not { ElementCount: 1 }) return null;
        return new AffineQuant(s.ToFloatArray()[0], c.InputData(zeroPoint) is { } z ? (int)z.GetInt64(0) : 0);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) => _add.Run(inputs[0]!.AsSpan<sbyte>(), inputs[3]!.AsSpan<sbyte>(), outputs[0].AsSpan<sbyte>());
}
