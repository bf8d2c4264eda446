using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds float TFLite FULLY_CONNECTED with constant weights (and bias) to
/// <see cref="F32FullyConnected{TVector}"/>: the input seen as [batch, depth], weights packed once.
/// </summary>
internal static class OptimizedFullyConnectedKernel
{
    /// <summary>The kernel for a FULLY_CONNECTED node, or null.</summary>
    public static IKernel? TryCreate<TVector>(KernelContext context) where TVector : struct, IFloatVector<TVector>
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        if (OptimizedFloatBinding.ActivationRange(context) is not var (min, max)) return null;
        if (OptimizedFloatBinding.ConstantOrEmpty(context, 1) is not { } weights || OptimizedFloatBinding.ConstantOrEmpty(context, 2) is not { } bias) return null;
        var w = context.InputShape(1);
        int units = w[0], depth = w[1];
        if (depth == 0 || units == 0) return null;
        int batch = checked((int)(context.InputShape(0).ElementCount / depth));
        var fc = new F32FullyConnected<TVector>(batch, units, depth, weights.AsSpan<float>(), bias.AsSpan<float>(), min, max);
        var runner = OptimizedFloatBinding.Runner(context);
        return new OptimizedConvKernels.Kernel((i, o) => fc.Run(i, o, runner));
    }
}
