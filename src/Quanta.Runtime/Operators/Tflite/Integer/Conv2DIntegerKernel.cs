using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Binds a TFLite CONV_2D with int8 or int16 activations to <see cref="Conv2DInteger"/>: weights
/// [C_out, fH, fW, C_in/groups] int8 per output channel (axis 0), optional bias (int32 for int8
/// activations; int64 or int32 for int16). Multipliers, window and clamp range are computed here.
/// </summary>
internal sealed class Conv2DIntegerKernel : IKernel
{
    private readonly ConvWindow _window;
    private readonly QuantizedMultiplier[] _multipliers;
    private readonly DataType _type;
    private readonly DataType _biasType;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly int _min;
    private readonly int _max;

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (ConvWindow Window, QuantizedMultiplier[] Multipliers, int InputZeroPoint, int OutputZeroPoint, int Min, int Max) Parameters =>
        (_window, _multipliers, _inputZeroPoint, _outputZeroPoint, _min, _max);

    // fp32Epilogue: the optimized binding, which implements quanta_requantization = fp32, validates through this one.
    public Conv2DIntegerKernel(KernelContext c, bool fp32Epilogue = false)
    {
        IntegerBinding.CheckRequantization(c, fp32Epilogue);
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var filterShape = IntegerBinding.RankedShape(c, c.InputShape(1), 4, "the filter");
        int channels = filterShape[0];
        _window = IntegerBinding.Window(c, c.InputShape(0), c.OutputShape(0), filterShape[1], filterShape[2], dilated: true);
        if (_window.OutputChannels != channels || filterShape[3] == 0 || _window.InputChannels % filterShape[3] != 0
            || channels % (_window.InputChannels / filterShape[3]) != 0)
            throw c.Invalid($"filter {filterShape} does not fit input {c.InputShape(0)} and output {c.OutputShape(0)}");
        var input = IntegerBinding.InputActivation(c, 0);
        var weights = IntegerBinding.Weights(c, 1, axis: 0, channels);
        _biasType = IntegerBinding.Bias(c, 2, _type, channels);
        var output = IntegerBinding.OutputActivation(c);
        _multipliers = IntegerBinding.ChannelMultipliers(input, weights, output, channels);
        _inputZeroPoint = input.ZeroPoint;
        _outputZeroPoint = output.ZeroPoint;
        (_min, _max) = IntegerBinding.ActivationRange(c, output, _type);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var bias = inputs.Length > 2 ? inputs[2] : null;
        if (_type == DataType.Int8)
        {
            Conv2DInteger.Int8(_window, inputs[0]!.AsSpan<sbyte>(), _inputZeroPoint, inputs[1]!.AsSpan<sbyte>(),
                bias is null ? default : bias.AsSpan<int>(), _multipliers, _outputZeroPoint, _min, _max, outputs[0].AsSpan<sbyte>());
        }
        else if (_biasType == DataType.Int32)
        {
            Conv2DInteger.Int16(_window, inputs[0]!.AsSpan<short>(), inputs[1]!.AsSpan<sbyte>(), bias!.AsSpan<int>(),
                _multipliers, _min, _max, outputs[0].AsSpan<short>());
        }
        else
        {
            Conv2DInteger.Int16(_window, inputs[0]!.AsSpan<short>(), inputs[1]!.AsSpan<sbyte>(), bias is null ? default : bias.AsSpan<long>(),
                _multipliers, _min, _max, outputs[0].AsSpan<short>());
        }
    }
}
