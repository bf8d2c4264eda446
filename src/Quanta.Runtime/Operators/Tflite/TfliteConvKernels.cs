using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite CONV_2D (OHWI weights, groups when the input has a multiple of the filter's
/// channels), DEPTHWISE_CONV_2D ([1, KH, KW, C·M] weights) and TRANSPOSE_CONV (output shape from
/// input 0, weights [O, KH, KW, I], data input 2, bias input 3) to <see cref="ConvolutionReference"/>
/// on NHWC tensors, with the padding of <see cref="ConvGeometry.Tflite"/> /
/// <see cref="ConvGeometry.TfliteTransposed"/> and the fused activation.
/// </summary>
internal sealed class TfliteConvFloatKernel : IKernel
{
    private readonly ConvolutionGeometry _geometry;
    private readonly FusedActivation _activation;
    private readonly int _data, _weights, _bias;

    public TfliteConvFloatKernel(KernelContext context)
    {
        bool transposed = context.Node.OpType == "TRANSPOSE_CONV";
        (_data, _weights, _bias) = transposed
            ? (TfliteTransposeConvSchema.DataInput, TfliteTransposeConvSchema.WeightsInput, TfliteTransposeConvSchema.BiasInput)
            : (0, 1, 2);
        NeuralNetBinding.RequireFloat32(context, _data, _weights, _bias);
        _activation = NeuralNetBinding.ReadActivation(context);
        var x = context.InputShape(_data);
        var f = context.InputShape(_weights);
        var y = context.OutputShape(0);
        var options = TfliteWindowOptions.Read(context.Node);
        AxisTaps vertical, horizontal;
        if (transposed)
        {
            vertical = AxisTaps.Transposed(TransposedAxis(context, x[1], y[1], f[1], options.StrideH, options.Padding));
            horizontal = AxisTaps.Transposed(TransposedAxis(context, x[2], y[2], f[2], options.StrideW, options.Padding));
        }
        else
        {
            vertical = AxisTaps.Forward(options.Vertical(context.Node, x[1], f[1]));
            horizontal = AxisTaps.Forward(options.Horizontal(context.Node, x[2], f[2]));
        }
        int channels = x[3], outChannels = y[3];
        int groups, perGroupIn;
        FilterStrides filter;
        if (context.Node.OpType == "DEPTHWISE_CONV_2D")
        {
            (groups, perGroupIn) = (channels, 1);
            filter = FilterStrides.Depthwise(f.Dims, outChannels / channels);
        }
        else
        {
            (groups, perGroupIn) = (channels / f[3], f[3]);
            filter = FilterStrides.Ohwi(f.Dims, groups);
        }
        _geometry = new ConvolutionGeometry(x[0], groups, perGroupIn, outChannels / groups, [AxisTaps.Unit, vertical, horizontal],
            ActivationStrides.ChannelsLast(x[1], x[2], channels), ActivationStrides.ChannelsLast(y[1], y[2], outChannels), filter);
    }

    private static WindowAxis TransposedAxis(KernelContext context, int input, int output, int kernel, int stride, TflitePadding padding)
    {
        try { return ConvGeometry.TfliteTransposed(input, output, kernel, stride, padding); }
        catch (GraphValidationException e) { throw context.Invalid(e.Message); }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ConvolutionReference.Run(_geometry, inputs[_data]!.AsSpan<float>(), inputs[_weights]!.AsSpan<float>(),
            inputs.Length > _bias && inputs[_bias] is { } bias ? bias.AsSpan<float>() : default, outputs[0].AsSpan<float>(), _activation);
}
