using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds float TFLite CONV_2D (one group) and DEPTHWISE_CONV_2D (multiplier 1) with constant
/// weights to <see cref="F32Convolution{TVector}"/> and <see cref="F32DepthwiseConvolution{TVector}"/>:
/// weights and bias packed once here, the window from <see cref="TfliteWindowOptions"/> (SAME,
/// VALID or Quanta's EXPLICIT), the fused activation as the epilogue clamp. Other nodes (grouped
/// convolutions, depth multipliers, TANH, non-constant weights) return null and run the reference.
/// </summary>
internal static class OptimizedConvKernels
{
    /// <summary>The kernel for a CONV_2D or DEPTHWISE_CONV_2D node, or null.</summary>
    public static IKernel? TryCreate<TVector>(KernelContext context) where TVector : struct, IFloatVector<TVector>
    {
        if (Bind(context) is not var (geometry, filter, bias, min, max)) return null;
        var runner = OptimizedFloatBinding.Runner(context);
        if (context.Node.OpType == "DEPTHWISE_CONV_2D")
        {
            var dw = new F32DepthwiseConvolution<TVector>(geometry, filter.AsSpan<float>(), bias.AsSpan<float>(), min, max);
            return new Kernel((i, o) => dw.Run(i, o, runner));
        }
        var conv = new F32Convolution<TVector>(geometry, filter.AsSpan<float>(), bias.AsSpan<float>(), min, max);
        if (context.HasInput(3)) return new ResidualKernel<TVector>(conv, runner);
        return new Kernel((i, o) => conv.Run(i, o, runner));
    }

    /// <summary>The direct 3×3 kernel for a DEPTHWISE_CONV_2D node it covers
    /// (<see cref="F32DepthwiseConvolution3x3{TVector}.Supports"/>), or null.</summary>
    public static IKernel? TryCreateDepthwise3x3<TVector>(KernelContext context) where TVector : struct, IFloatVector<TVector>
    {
        if (context.Node.OpType != "DEPTHWISE_CONV_2D" || Bind(context) is not var (geometry, filter, bias, min, max)) return null;
        if (!F32DepthwiseConvolution3x3<TVector>.Supports(geometry)) return null;
        var dw = new F32DepthwiseConvolution3x3<TVector>(geometry, filter.AsSpan<float>(), bias.AsSpan<float>(), min, max);
        var runner = OptimizedFloatBinding.Runner(context);
        return new Kernel((i, o) => dw.Run(i, o, runner));
    }

    /// <summary>The geometry, constant weights and clamp of a node the optimized kernels cover, or null.</summary>
    private static (Conv2DGeometry Geometry, Tensor Filter, Tensor Bias, float Min, float Max)? Bind(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        var bound = BindWindow(context);
        // A residual input (ResidualAddFusion) exists only for nodes this binding covers; the
        // reference kernel would ignore it, so a node it cannot take is an error, not a fallback.
        if (bound is null && context.HasInput(3))
            throw new UnsupportedException($"node '{context.Node.Name}': CONV_2D with a fused residual input needs the optimized float kernel");
        return bound;
    }

    private static (Conv2DGeometry Geometry, Tensor Filter, Tensor Bias, float Min, float Max)? BindWindow(KernelContext context)
    {
        if (OptimizedFloatBinding.ActivationRange(context) is not var (min, max)) return null;
        if (OptimizedFloatBinding.ConstantOrEmpty(context, 1) is not { } filter || OptimizedFloatBinding.ConstantOrEmpty(context, 2) is not { } bias) return null;
        var x = context.InputShape(0);
        var f = context.InputShape(1);
        var y = context.OutputShape(0);
        bool depthwise = context.Node.OpType == "DEPTHWISE_CONV_2D";
        if (depthwise ? y[3] != x[3] : f[3] != x[3]) return null;
        var options = TfliteWindowOptions.Read(context.Node);
        var geometry = new Conv2DGeometry(x[0], x[3], y[3], options.Vertical(context.Node, x[1], f[1]), options.Horizontal(context.Node, x[2], f[2]));
        return (geometry, filter, bias, min, max);
    }

    /// <summary>Runs a convolution with its fused residual ADD (input 3).</summary>
    private sealed class ResidualKernel<TVector>(F32Convolution<TVector> conv, IParallelRunner runner) : IKernel
        where TVector : struct, IFloatVector<TVector>
    {
        public void Run(Tensor?[] inputs, Tensor[] outputs) =>
            conv.Run(inputs[0]!.AsSpan<float>(), inputs[3]!.AsSpan<float>(), outputs[0].AsSpan<float>(), runner);
    }

    /// <summary>Runs one NHWC float op from input 0 to output 0.</summary>
    internal sealed class Kernel(F32Operator run) : IKernel
    {
        public void Run(Tensor?[] inputs, Tensor[] outputs) => run(inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>());
    }
}

/// <summary>An optimized float operator from one input to one output.</summary>
internal delegate void F32Operator(ReadOnlySpan<float> input, Span<float> output);
