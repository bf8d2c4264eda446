using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds float TFLite MAX_POOL_2D and AVERAGE_POOL_2D to <see cref="F32Pooling{TVector}"/>, and
/// MEAN over H and W of a 4-D tensor to <see cref="F32GlobalMean"/>; other MEANs and TANH
/// activations return null and run the reference.
/// </summary>
internal static class OptimizedPoolKernels
{
    /// <summary>The kernel for a MAX_POOL_2D or AVERAGE_POOL_2D node, or null.</summary>
    public static IKernel? TryCreatePool<TVector>(KernelContext context) where TVector : struct, IFloatVector<TVector>
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        if (OptimizedFloatBinding.ActivationRange(context) is not var (min, max)) return null;
        var x = context.InputShape(0);
        var options = TfliteWindowOptions.Read(context.Node);
        var (fh, fw) = TfliteWindowOptions.ReadFilter(context.Node);
        var geometry = new Conv2DGeometry(x[0], x[3], x[3], options.Vertical(context.Node, x[1], fh), options.Horizontal(context.Node, x[2], fw));
        var kind = context.Node.OpType == "MAX_POOL_2D" ? F32PoolKind.Max : F32PoolKind.Average;
        var pool = new F32Pooling<TVector>(geometry, kind, min, max);
        var runner = OptimizedFloatBinding.Runner(context);
        return new OptimizedConvKernels.Kernel((i, o) => pool.Run(i, o, runner));
    }

    /// <summary>The kernel for a MEAN over axes {1, 2} of a 4-D float tensor, or null.</summary>
    public static IKernel? TryCreateMean(KernelContext context)
    {
        var x = context.InputShape(0);
        if (context.Input(0).Type != DataType.Float32 || x.Rank != 4) return null;
        var axes = TensorArgs.Ints(context.Node, context.InputData(1), "axis");
        if (axes is null) return null;
        var normalized = axes.Select(a => a < 0 ? a + 4 : a).Distinct().Order().ToArray();
        if (normalized is not [1, 2]) return null;
        int batch = x[0], pixels = x[1] * x[2], channels = x[3];
        return new OptimizedConvKernels.Kernel((i, o) => F32GlobalMean.Run(batch, pixels, channels, i, o));
    }
}
