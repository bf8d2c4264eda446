using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Binds a TFLite TRANSPOSE_CONV (inputs: output_shape int32, weights [C_out, fH, fW, C_in], data,
/// optional bias) with int8 or int16 data to <see cref="TransposeConv2DInteger"/>.
/// </summary>
/// <remarks>Padding follows TFLite: ComputePaddingHeightWidth applied to the output size (the
/// convolution being transposed). int16 data takes an int64 bias; int16 and int32 biases are widened
/// once at bind time when constant.</remarks>
internal sealed class TransposeConv2DIntegerKernel : IKernel
{
    private readonly ConvWindow _window;
    private readonly QuantizedMultiplier[] _multipliers;
    private readonly DataType _type;
    private readonly DataType _biasType;
    private readonly long[] _wideBias;
    private readonly int[] _scratch32;
    private readonly long[] _scratch64;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly int _min;
    private readonly int _max;

    public TransposeConv2DIntegerKernel(KernelContext c)
    {
        _type = c.Input(2).Type;
        if (_type is not (DataType.Int8 or DataType.Int16))
            throw c.Unsupported($"TRANSPOSE_CONV with {_type} data has no integer kernel");
        IntegerBinding.ExpectOutputType(c, _type);
        var filterShape = IntegerBinding.RankedShape(c, c.InputShape(1), 4, "the filter");
        var inShape = IntegerBinding.RankedShape(c, c.InputShape(2), 4, "the input");
        var outShape = IntegerBinding.RankedShape(c, c.OutputShape(0), 4, "the output");
        int channels = filterShape[0];
        if (outShape[3] != channels || inShape[3] != filterShape[3] || inShape[0] != outShape[0])
            throw c.Invalid($"filter {filterShape} does not fit input {inShape} and output {outShape}");
        var padding = IntegerBinding.Padding(c);
        int strideH = IntegerBinding.IntAttribute(c, "stride_h", 1), strideW = IntegerBinding.IntAttribute(c, "stride_w", 1);
        int padTop = TfliteWindow.Compute(padding, outShape[1], filterShape[1], strideH).PadBefore;
        int padLeft = TfliteWindow.Compute(padding, outShape[2], filterShape[2], strideW).PadBefore;
        _window = new ConvWindow(inShape[0], inShape[1], inShape[2], inShape[3], outShape[1], outShape[2], outShape[3],
            filterShape[1], filterShape[2], strideH, strideW, 1, 1, padTop, padLeft);

        var input = IntegerBinding.InputActivation(c, 2);
        var weights = IntegerBinding.Weights(c, 1, axis: 0, channels);
        _biasType = IntegerBinding.Bias(c, 3, _type, channels, allowInt16: true);
        var output = IntegerBinding.OutputActivation(c);
        _multipliers = IntegerBinding.ChannelMultipliers(input, weights, output, channels);
        _inputZeroPoint = input.ZeroPoint;
        _outputZeroPoint = output.ZeroPoint;
        (_min, _max) = IntegerBinding.ActivationRange(c, output, _type);
        _wideBias = _type == DataType.Int16 && _biasType is DataType.Int16 or DataType.Int32 ? new long[channels] : [];
        _scratch32 = _type == DataType.Int8 ? new int[outShape.ElementCount] : [];
        _scratch64 = _type == DataType.Int16 ? new long[outShape.ElementCount] : [];
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var bias = inputs.Length > 3 ? inputs[3] : null;
        if (_type == DataType.Int8)
        {
            TransposeConv2DInteger.Int8(_window, inputs[2]!.AsSpan<sbyte>(), _inputZeroPoint, inputs[1]!.AsSpan<sbyte>(),
                bias is null ? default : bias.AsSpan<int>(), _multipliers, _outputZeroPoint, _min, _max, _scratch32, outputs[0].AsSpan<sbyte>());
            return;
        }
        ReadOnlySpan<long> wide = default;
        if (bias is not null)
        {
            if (_biasType == DataType.Int64) wide = bias.AsSpan<long>();
            else
            {
                for (int i = 0; i < _wideBias.Length; i++) _wideBias[i] = (long)bias.GetInt64(i);
                wide = _wideBias;
            }
        }
        TransposeConv2DInteger.Int16(_window, inputs[2]!.AsSpan<short>(), inputs[1]!.AsSpan<sbyte>(), wide, _multipliers, _min, _max,
            _scratch64, outputs[0].AsSpan<short>());
    }
}
