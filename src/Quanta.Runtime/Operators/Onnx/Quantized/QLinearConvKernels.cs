using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// ONNX QLinearConv and ConvInteger (NCHW, groups, 1–3 spatial axes, pads/strides/dilations/auto_pad
/// through <see cref="OnnxWindowAttributes"/>), int8 or uint8 data and weights, on
/// <see cref="ConvIntegerReference"/>: int32 accumulation, then (QLinearConv) the bias and
/// per-output-channel float requantization with multiplier <c>x_scale · w_scale[m] / y_scale</c>.
/// </summary>
/// <remarks>
/// Inputs of QLinearConv: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point,
/// optional int32 B. Of ConvInteger: x, w, optional x_zero_point, optional w_zero_point (scalar or
/// one per output channel). Multipliers are computed at bind time when every scale is constant, else
/// on each run into a buffer allocated here.
/// </remarks>
internal sealed class QLinearConvKernel : IKernel
{
    private readonly ConvolutionGeometry _geometry;
    private readonly DataType _xType, _wType, _yType;
    private readonly QuantOperand _x, _w;
    private readonly QuantOperand? _y;
    private readonly bool _hasBias;
    private readonly float[] _multipliers;
    private readonly int[] _accumulators;
    private readonly int _min, _max;
    private readonly bool _integerOutput;

    public QLinearConvKernel(KernelContext c, bool integerOutput)
    {
        _integerOutput = integerOutput;
        int xi = 0, wi = integerOutput ? 1 : 3;
        _xType = QLinearBinding.EightBit(c, xi, "x");
        _wType = QLinearBinding.EightBit(c, wi, "w");
        var xShape = c.InputShape(xi);
        var wShape = c.InputShape(wi);
        var yShape = c.OutputShape(0);
        _geometry = Geometry(c, xShape, wShape, yShape);
        int m = wShape[0];
        if (integerOutput)
        {
            _yType = DataType.Int32;
            _x = QuantOperand.BindZeroPoint(c, "x", 2, _xType);
            _w = QuantOperand.BindZeroPoint(c, "w", 3, _wType, m);
            _multipliers = [];
            _accumulators = [];
            return;
        }
        _yType = c.Outputs[0].Type;
        _x = QuantOperand.Bind(c, "x", 1, 2, _xType, zeroPointRequired: false);
        _w = QuantOperand.Bind(c, "w", 4, 5, _wType, m);
        _y = QuantOperand.Bind(c, "y", 6, 7, _yType);
        _hasBias = QLinearBinding.Bias(c, 8, m);
        (_min, _max) = QLinearBinding.Clamp(c, _yType);
        _multipliers = new float[_w.Count];
        _accumulators = new int[yShape.ElementCount];
        if (_x.IsConstant && _w.IsConstant && _y.IsConstant) ComputeMultipliers();
    }

    /// <summary>The convolution geometry of an ONNX NCHW convolution with OIHW weights.</summary>
    internal static ConvolutionGeometry Geometry(KernelContext c, Shape x, Shape w, Shape y)
    {
        int spatial = NeuralNetBinding.SpatialRank(c, x);
        long groups = c.Attributes.GetInt("group", 1);
        if (groups < 1 || x[1] % groups != 0 || w[0] % groups != 0) throw c.Invalid($"group {groups} does not divide the channels of {x} and {w}");
        var attrs = OnnxWindowAttributes.Read(c.Node, spatial, w.Dims[2..].ToArray());
        var taps = new AxisTaps[spatial];
        for (int i = 0; i < spatial; i++) taps[i] = AxisTaps.Forward(attrs.Forward(i, x[i + 2]));
        int g = (int)groups;
        return new ConvolutionGeometry(x[0], g, x[1] / g, y[1] / g, AxisTaps.ToThreeAxes(taps),
            ActivationStrides.ChannelsFirst(x.Dims), ActivationStrides.ChannelsFirst(y.Dims), FilterStrides.OnnxConv(w.Dims, g));
    }

    private void ComputeMultipliers()
    {
        float xs = _x.Scales[0], ys = _y!.Scales[0];
        for (int i = 0; i < _multipliers.Length; i++) _multipliers[i] = Kernels.Arithmetic.FloatRequantization.Multiplier(xs, _w.Scales[i], ys);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _x.Refresh(inputs);
        _w.Refresh(inputs);
        if (_integerOutput)
        {
            Accumulate(inputs[0]!, inputs[1]!, outputs[0].AsSpan<int>());
            return;
        }
        _y!.Refresh(inputs);
        if (!(_x.IsConstant && _w.IsConstant && _y.IsConstant)) ComputeMultipliers();
        Accumulate(inputs[0]!, inputs[3]!, _accumulators);
        var bias = _hasBias ? inputs[8]!.AsSpan<int>() : default;
        int zp = _y.ZeroPoints[0];
        if (_yType == DataType.Int8)
            ConvIntegerReference.Requantize(_accumulators, bias, _multipliers, _geometry.Batch, OutputChannels, zp, _min, _max, outputs[0].AsSpan<sbyte>());
        else
            ConvIntegerReference.Requantize(_accumulators, bias, _multipliers, _geometry.Batch, OutputChannels, zp, _min, _max, outputs[0].AsSpan<byte>());
    }

    private int OutputChannels => _geometry.Groups * _geometry.OutputChannelsPerGroup;

    private void Accumulate(Tensor x, Tensor w, Span<int> accumulators)
    {
        int xzp = _x.ZeroPoints[0];
        var wzp = _w.ZeroPoints;
        switch ((_xType, _wType))
        {
            case (DataType.UInt8, DataType.Int8): Run<byte, sbyte>(x, xzp, w, wzp, accumulators); break;
            case (DataType.UInt8, _): Run<byte, byte>(x, xzp, w, wzp, accumulators); break;
            case (_, DataType.Int8): Run<sbyte, sbyte>(x, xzp, w, wzp, accumulators); break;
            default: Run<sbyte, byte>(x, xzp, w, wzp, accumulators); break;
        }
    }

    private void Run<TX, TW>(Tensor x, int xzp, Tensor w, ReadOnlySpan<int> wzp, Span<int> accumulators)
        where TX : unmanaged, IBinaryInteger<TX>
        where TW : unmanaged, IBinaryInteger<TW> =>
        ConvIntegerReference.Accumulate(_geometry, x.AsSpan<TX>(), xzp, w.AsSpan<TW>(), wzp, accumulators);
}
