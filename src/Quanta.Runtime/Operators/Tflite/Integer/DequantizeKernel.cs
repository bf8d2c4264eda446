using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite DEQUANTIZE: int8/uint8/int16/int32 → float32 (per tensor or per axis, <c>s·(q − Z)</c>
/// in float) and float16 → float32.
/// </summary>
internal sealed class DequantizeKernel : IKernel
{
    private readonly DataType _from;
    private readonly QuantParams? _quant;
    private readonly int _innerSize = 1;

    public DequantizeKernel(KernelContext c)
    {
        _from = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, DataType.Float32);
        if (_from == DataType.Float16) return;
        if (_from is not (DataType.Int8 or DataType.UInt8 or DataType.Int16 or DataType.Int32))
            throw c.Unsupported($"DEQUANTIZE from {_from} is not supported");
        string name = IntegerBinding.InputName(c, 0);
        var info = c.Input(0);
        _quant = info.Quant ?? throw new QuantizationParameterException(name, $"DEQUANTIZE's {_from} input has no quantization parameters");
        _quant.Validate(name, _from, info.Shape);
        if (_quant.IsPerAxis)
        {
            var shape = info.Shape!;
            int axis = _quant.Axis!.Value;
            if (axis < 0 || axis >= shape.Rank || _quant.Count != shape[axis])
                throw new QuantizationParameterException(name, $"{_quant.Count} scales do not match axis {axis} of {shape}");
            for (int d = axis + 1; d < shape.Rank; d++) _innerSize *= shape[d];
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!;
        var y = outputs[0].AsSpan<float>();
        switch (_from)
        {
            case DataType.Float16: DequantizeInteger.FromHalf(x.AsSpan<Half>(), y); break;
            case DataType.Int8: ToFloat(x.AsSpan<sbyte>(), y); break;
            case DataType.UInt8: ToFloat(x.AsSpan<byte>(), y); break;
            case DataType.Int16: ToFloat(x.AsSpan<short>(), y); break;
            default: ToFloat(x.AsSpan<int>(), y); break;
        }
    }

    private void ToFloat<T>(ReadOnlySpan<T> x, Span<float> y) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (_quant!.IsPerAxis) DequantizeInteger.ToFloatPerAxis(x, _quant.Scales, _quant.ZeroPoints, _innerSize, y);
        else DequantizeInteger.ToFloat(x, _quant.Scale, _quant.ZeroPoint, y);
    }
}
