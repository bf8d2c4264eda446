using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearAveragePool and QLinearGlobalAveragePool (X, x_scale, x_zero_point, y_scale,
/// y_zero_point), NCHW or, with <c>channels_last = 1</c>, NHWC, on <see cref="QLinearPoolReference"/>.
/// </summary>
internal sealed class QLinearPoolKernel : IKernel
{
    private readonly PoolingGeometry _geometry;
    private readonly QuantOperand _x, _y;
    private readonly DataType _type;
    private readonly int _min, _max;

    // Read by the optimized binding (QLinearPoolOptimizedKernel), which reuses this one's validation.
    internal (PoolingGeometry Geometry, QuantOperand X, QuantOperand Y, DataType Type, int Min, int Max) Parameters => (_geometry, _x, _y, _type, _min, _max);

    public QLinearPoolKernel(KernelContext c, bool global)
    {
        _type = QLinearBinding.EightBit(c, 0, "X");
        _x = QuantOperand.Bind(c, "x", 1, 2, _type);
        _y = QuantOperand.Bind(c, "y", 3, 4, _type);
        (_min, _max) = QLinearBinding.Clamp(c, _type);
        var x = c.InputShape(0);
        var y = c.OutputShape(0);
        int spatial = NeuralNetBinding.SpatialRank(c, x);
        int first = QLinearPoolSchema.SpatialStart(c.Node);
        bool channelsLast = first == 1;
        var attrs = global ? null : OnnxWindowAttributes.Read(c.Node, spatial, null);
        var taps = new AxisTaps[spatial];
        for (int i = 0; i < spatial; i++)
        {
            int size = x[first + i];
            taps[i] = AxisTaps.Forward(attrs?.Forward(i, size) ?? new WindowAxis(size, 1, size, 1, 1, 0, 0));
        }
        var kind = !global && c.Attributes.GetInt("count_include_pad", 0) != 0 ? PoolKind.AverageIncludingPadding : PoolKind.AverageExcludingPadding;
        int channels = channelsLast ? x[-1] : x[1];
        _geometry = new PoolingGeometry(x[0], channels, AxisTaps.ToThreeAxes(taps), Strides(x, channelsLast), Strides(y, channelsLast), kind);
    }

    /// <summary>Strides of [N, C, D…] or, channels last, [N, D…, C], with the spatial axes right-aligned into (depth, height, width).</summary>
    private static ActivationStrides Strides(Shape shape, bool channelsLast)
    {
        if (!channelsLast) return ActivationStrides.ChannelsFirst(shape.Dims);
        int rank = shape.Rank;
        var s = new int[5];
        int channels = shape[-1];
        s[1] = 1;
        int stride = channels;
        for (int i = rank - 2; i >= 1; i--)
        {
            s[i + (6 - rank)] = stride;
            stride = checked(stride * shape[i]);
        }
        s[0] = stride;
        return new ActivationStrides(s[0], s[1], s[2], s[3], s[4]);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _x.Refresh(inputs);
        _y.Refresh(inputs);
        if (_type == DataType.Int8) Run<sbyte>(inputs[0]!, outputs[0]);
        else Run<byte>(inputs[0]!, outputs[0]);
    }

    private void Run<T>(Tensor x, Tensor y) where T : unmanaged, IBinaryInteger<T> =>
        QLinearPoolReference.Average(_geometry, x.AsSpan<T>(), _x.PerTensor, _y.PerTensor, _min, _max, y.AsSpan<T>());
}
