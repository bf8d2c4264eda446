using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Binds a TFLite FULLY_CONNECTED with int8 or int16 activations to
/// <see cref="FullyConnectedInteger"/>: weights [out, in] int8, per tensor (zero point honoured) or
/// per output channel (axis 0); the input is read as [elements / in, in].
/// </summary>
internal sealed class FullyConnectedIntegerKernel : IKernel
{
    private readonly int _batches;
    private readonly int _accumDepth;
    private readonly int _outputDepth;
    private readonly QuantizedMultiplier[] _multipliers;
    private readonly DataType _type;
    private readonly DataType _biasType;
    private readonly int _inputZeroPoint;
    private readonly int _weightZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly int _min;
    private readonly int _max;

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (int Batches, int AccumDepth, int OutputDepth, QuantizedMultiplier[] Multipliers, int InputZeroPoint, int WeightZeroPoint, int OutputZeroPoint, int Min, int Max) Parameters =>
        (_batches, _accumDepth, _outputDepth, _multipliers, _inputZeroPoint, _weightZeroPoint, _outputZeroPoint, _min, _max);

    // fp32Epilogue: the optimized binding, which implements quanta_requantization = fp32, validates through this one.
    public FullyConnectedIntegerKernel(KernelContext c, bool fp32Epilogue = false)
    {
        IntegerBinding.CheckRequantization(c, fp32Epilogue);
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        string format = c.Attributes.GetString("weights_format", "DEFAULT");
        if (format != "DEFAULT") throw c.Unsupported($"weights_format {format} is not supported");
        var filterShape = IntegerBinding.RankedShape(c, c.InputShape(1), 2, "the weights");
        _outputDepth = filterShape[0];
        _accumDepth = filterShape[1];
        long inputElements = c.InputShape(0).ElementCount;
        if (_accumDepth == 0 || inputElements % _accumDepth != 0)
            throw c.Invalid($"input {c.InputShape(0)} cannot be read as rows of {_accumDepth} features");
        _batches = (int)(inputElements / _accumDepth);
        if (c.OutputShape(0).ElementCount != (long)_batches * _outputDepth)
            throw c.Invalid($"output {c.OutputShape(0)} does not hold {_batches}×{_outputDepth} values");
        var input = IntegerBinding.InputActivation(c, 0);
        var weights = IntegerBinding.Weights(c, 1, axis: 0, _outputDepth, allowZeroPoint: true);
        _biasType = IntegerBinding.Bias(c, 2, _type, _outputDepth);
        var output = IntegerBinding.OutputActivation(c);
        _multipliers = IntegerBinding.ChannelMultipliers(input, weights, output, weights.Count == 1 ? 1 : _outputDepth);
        _inputZeroPoint = input.ZeroPoint;
        _weightZeroPoint = weights.Count == 1 ? weights.ZeroPoint : 0;
        _outputZeroPoint = output.ZeroPoint;
        (_min, _max) = IntegerBinding.ActivationRange(c, output, _type);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var bias = inputs.Length > 2 ? inputs[2] : null;
        if (_type == DataType.Int8)
        {
            FullyConnectedInteger.Int8(_batches, _accumDepth, _outputDepth, inputs[0]!.AsSpan<sbyte>(), _inputZeroPoint, inputs[1]!.AsSpan<sbyte>(),
                _weightZeroPoint, bias is null ? default : bias.AsSpan<int>(), _multipliers, _outputZeroPoint, _min, _max, outputs[0].AsSpan<sbyte>());
        }
        else if (_biasType == DataType.Int32)
        {
            FullyConnectedInteger.Int16(_batches, _accumDepth, _outputDepth, inputs[0]!.AsSpan<short>(), inputs[1]!.AsSpan<sbyte>(),
                _weightZeroPoint, bias!.AsSpan<int>(), _multipliers, _min, _max, outputs[0].AsSpan<short>());
        }
        else
        {
            FullyConnectedInteger.Int16(_batches, _accumDepth, _outputDepth, inputs[0]!.AsSpan<short>(), inputs[1]!.AsSpan<sbyte>(),
                _weightZeroPoint, bias is null ? default : bias.AsSpan<long>(), _multipliers, _min, _max, outputs[0].AsSpan<short>());
        }
    }
}
