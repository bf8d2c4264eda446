using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite QUANTIZE: float32 → int8/uint8/int16 (per tensor, or per axis when the output carries
/// per-axis parameters) with TFLite's rounding (half away from zero), and integer → integer
/// requantization between int8, uint8, int16 and int32 (e.g. int32 at scale 2^−23 ↔ int16).
/// </summary>
internal sealed class QuantizeKernel : IKernel
{
    private readonly DataType _from;
    private readonly DataType _to;
    private readonly QuantParams _output;
    private readonly int _innerSize;
    private readonly QuantizedMultiplier _multiplier;
    private readonly int _inputZeroPoint;

    public QuantizeKernel(KernelContext c)
    {
        _from = c.Input(0).Type;
        _to = c.Outputs[0].Type;
        if (_to is not (DataType.Int8 or DataType.UInt8 or DataType.Int16 or DataType.Int32) || (_from == DataType.Float32 && _to == DataType.Int32))
            throw c.Unsupported($"QUANTIZE from {_from} to {_to} is not supported");
        string outName = IntegerBinding.OutputName(c);
        var info = c.Outputs[0];
        _output = info.Quant ?? throw new QuantizationParameterException(outName, "QUANTIZE's output has no quantization parameters");
        _output.Validate(outName, _to, info.Shape);
        if (_to == DataType.Int16)
        {
            foreach (int z in _output.ZeroPoints)
                if (z != 0) throw new QuantizationParameterException(outName, $"int16 activations need zero point 0, found {z}");
        }
        if (_from == DataType.Float32)
        {
            if (_output.IsPerAxis)
            {
                var shape = info.Shape!;
                int axis = _output.Axis!.Value;
                if (axis < 0 || axis >= shape.Rank || (_output.Count != shape[axis]))
                    throw new QuantizationParameterException(outName, $"{_output.Count} scales do not match axis {axis} of {shape}");
                _innerSize = 1;
                for (int d = axis + 1; d < shape.Rank; d++) _innerSize *= shape[d];
            }
            return;
        }
        if (_output.IsPerAxis) throw new QuantizationParameterException(outName, "requantization needs per-tensor output parameters");
        var input = c.Input(0).Type == DataType.Int32 ? Int32Input(c) : IntegerBinding.InputActivation(c, 0);
        _inputZeroPoint = input.ZeroPoint;
        _multiplier = QuantizedMultiplier.FromDouble((double)input.Scale / _output.Scale);
    }

    /// <summary>int32 inputs are quantized like activations but may have any zero point in range.</summary>
    private static QuantParams Int32Input(KernelContext c)
    {
        string name = IntegerBinding.InputName(c, 0);
        var info = c.Input(0);
        var q = info.Quant ?? throw new QuantizationParameterException(name, "this int32 input has no quantization parameters");
        if (q.Count != 1) throw new QuantizationParameterException(name, "requantization needs per-tensor input parameters");
        q.Validate(name, DataType.Int32, info.Shape);
        return q;
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!;
        var y = outputs[0];
        switch (_from)
        {
            case DataType.Float32:
                FromFloat(x.AsSpan<float>(), y);
                break;
            case DataType.Int8:
                Requantize(x.AsSpan<sbyte>(), y);
                break;
            case DataType.UInt8:
                Requantize(x.AsSpan<byte>(), y);
                break;
            case DataType.Int16:
                Requantize(x.AsSpan<short>(), y);
                break;
            default:
                Requantize(x.AsSpan<int>(), y);
                break;
        }
    }

    private void FromFloat(ReadOnlySpan<float> x, Tensor y)
    {
        switch (_to)
        {
            case DataType.Int8: FromFloat(x, y.AsSpan<sbyte>()); break;
            case DataType.UInt8: FromFloat(x, y.AsSpan<byte>()); break;
            default: FromFloat(x, y.AsSpan<short>()); break;
        }
    }

    private void FromFloat<T>(ReadOnlySpan<float> x, Span<T> y) where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        if (_output.IsPerAxis) QuantizeInteger.FromFloatPerAxis(x, _output.Scales, _output.ZeroPoints, _innerSize, y);
        else QuantizeInteger.FromFloat(x, _output.Scale, _output.ZeroPoint, y);
    }

    private void Requantize<TIn>(ReadOnlySpan<TIn> x, Tensor y) where TIn : unmanaged, System.Numerics.IBinaryInteger<TIn>
    {
        switch (_to)
        {
            case DataType.Int8: QuantizeInteger.Requantize(x, _multiplier, _inputZeroPoint, _output.ZeroPoint, y.AsSpan<sbyte>()); break;
            case DataType.UInt8: QuantizeInteger.Requantize(x, _multiplier, _inputZeroPoint, _output.ZeroPoint, y.AsSpan<byte>()); break;
            case DataType.Int16: QuantizeInteger.Requantize(x, _multiplier, _inputZeroPoint, _output.ZeroPoint, y.AsSpan<short>()); break;
            default: QuantizeInteger.Requantize(x, _multiplier, _inputZeroPoint, _output.ZeroPoint, y.AsSpan<int>()); break;
        }
    }
}
