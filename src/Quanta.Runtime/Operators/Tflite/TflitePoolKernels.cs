using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite AVERAGE_POOL_2D (mean over the taps inside the input), MAX_POOL_2D and
/// L2_POOL_2D (sqrt of the mean square) to <see cref="PoolingReference"/> on NHWC tensors, with
/// the padding of <see cref="ConvGeometry.Tflite"/> and the fused activation.
/// </summary>
internal sealed class TflitePoolFloatKernel : IKernel
{
    private readonly PoolingGeometry _geometry;
    private readonly FusedActivation _activation;

    public TflitePoolFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        _activation = NeuralNetBinding.ReadActivation(context);
        var x = context.InputShape(0);
        var y = context.OutputShape(0);
        var options = TfliteWindowOptions.Read(context.Node);
        var (fh, fw) = TfliteWindowOptions.ReadFilter(context.Node);
        var kind = context.Node.OpType switch
        {
            "MAX_POOL_2D" => PoolKind.Max,
            "L2_POOL_2D" => PoolKind.L2Mean,
            _ => PoolKind.AverageExcludingPadding,
        };
        var axes = new[] { AxisTaps.Unit, AxisTaps.Forward(options.Vertical(context.Node, x[1], fh)), AxisTaps.Forward(options.Horizontal(context.Node, x[2], fw)) };
        _geometry = new PoolingGeometry(x[0], x[3], axes, ActivationStrides.ChannelsLast(x[1], x[2], x[3]), ActivationStrides.ChannelsLast(y[1], y[2], y[3]), kind);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        PoolingReference.Run(_geometry, inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>(), default, _activation);
}
