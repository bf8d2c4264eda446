using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearAveragePool and QLinearGlobalAveragePool, int8, 2-D, channels_last = 1 (what
/// <see cref="NhwcQuantizedLowering"/> makes of them) with constant parameters, on
/// <see cref="QS8QLinearAveragePoolNhwc"/>; the reference binding (<see cref="QLinearPoolKernel"/>)
/// validates the node, supplies the tap tables, and takes every other case.
/// </summary>
internal sealed class QLinearPoolOptimizedKernel : IKernel
{
    private readonly QS8QLinearAveragePoolNhwc _pool;

    private QLinearPoolOptimizedKernel(QS8QLinearAveragePoolNhwc pool) => _pool = pool;

    public static IKernel Create(KernelContext c, bool global)
    {
        var reference = new QLinearPoolKernel(c, global);
        var p = reference.Parameters;
        if (p.Type != DataType.Int8 || !p.X.IsConstant || !p.Y.IsConstant || !QS8QLinearAveragePoolNhwc.Fits(p.Geometry)) return OptimizedBinding.AsReference(c, reference);
        return new QLinearPoolOptimizedKernel(new QS8QLinearAveragePoolNhwc(p.Geometry, p.X.PerTensor, p.Y.PerTensor, p.Min, p.Max));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) => _pool.Run(inputs[0]!.AsSpan<sbyte>(), outputs[0].AsSpan<sbyte>());
}
