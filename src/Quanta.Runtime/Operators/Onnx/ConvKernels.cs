using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds ONNX Conv and ConvTranspose (NCHW, 1 to 3 spatial axes, groups, dilations, pads, auto_pad)
/// to <see cref="ConvolutionReference"/>. Geometry is computed once; weights and bias are read at
/// run time, so they may be graph inputs.
/// </summary>
internal sealed class OnnxConvFloatKernel : IKernel
{
    private readonly ConvolutionGeometry _geometry;
    private readonly bool _hasBias;

    public OnnxConvFloatKernel(KernelContext context, bool transposed)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        var x = context.InputShape(0);
        var w = context.InputShape(1);
        var y = context.OutputShape(0);
        int spatial = NeuralNetBinding.SpatialRank(context, x);
        int groups = checked((int)context.Attributes.GetInt("group", 1));
        var attrs = OnnxWindowAttributes.Read(context.Node, spatial, w.Dims[2..].ToArray());
        var taps = new AxisTaps[spatial];
        for (int i = 0; i < spatial; i++)
        {
            taps[i] = transposed
                ? AxisTaps.Transposed(attrs.Transposed(i, x[i + 2]))
                : AxisTaps.Forward(attrs.Forward(i, x[i + 2]));
        }
        var filter = transposed ? FilterStrides.OnnxConvTranspose(w.Dims, groups) : FilterStrides.OnnxConv(w.Dims, groups);
        _geometry = new ConvolutionGeometry(x[0], groups, x[1] / groups, y[1] / groups, AxisTaps.ToThreeAxes(taps),
            ActivationStrides.ChannelsFirst(x.Dims), ActivationStrides.ChannelsFirst(y.Dims), filter);
        _hasBias = context.HasInput(2);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ConvolutionReference.Run(_geometry, inputs[0]!.AsSpan<float>(), inputs[1]!.AsSpan<float>(),
            _hasBias ? inputs[2]!.AsSpan<float>() : default, outputs[0].AsSpan<float>(), FusedActivation.None);
}
