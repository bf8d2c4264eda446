using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// ONNX QuantizeLinear (float32 → int8, uint8, int16 or int32; <see cref="QuantizeLinearReference.Quantize"/>)
/// and DequantizeLinear (int8, uint8, int16 or int32 → float32), per tensor or along <c>axis</c>.
/// </summary>
internal sealed class QuantizeLinearKernel : IKernel
{
    private readonly QuantOperand _params;
    private readonly int _innerSize;
    private readonly DataType _type;
    private readonly bool _dequantize;

    public QuantizeLinearKernel(KernelContext c, bool dequantize)
    {
        _dequantize = dequantize;
        _type = dequantize ? c.Input(0).Type : c.Outputs[0].Type;
        if (!dequantize && c.Input(0).Type != DataType.Float32)
            throw c.Unsupported($"input is {c.Input(0).Type}; QuantizeLinear's kernel takes float32");
        var shape = c.InputShape(0);
        string role = dequantize ? "x" : "y";
        var (channels, inner) = Axis(c, shape);
        _params = QuantOperand.Bind(c, role, 1, 2, _type, channels);
        _innerSize = _params.Count == 1 ? 1 : Math.Max(inner, 1);
    }

    /// <summary>The size of the quantized axis (1 for a scalar input) and the product of the dimensions after it.</summary>
    private static (int Channels, int Inner) Axis(KernelContext c, Shape shape)
    {
        if (shape.Rank == 0) return (1, 1);
        long axis = c.Attributes.GetInt("axis", 1);
        if (axis < -shape.Rank || axis >= shape.Rank)
        {
            // Only per-axis parameters need the axis; QuantOperand rejects more than one scale then.
            return (1, 1);
        }
        int a = (int)(axis < 0 ? axis + shape.Rank : axis);
        return (shape[a], checked((int)TensorArgs.Product(shape.Dims.ToArray(), a + 1, shape.Rank)));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _params.Refresh(inputs);
        var x = inputs[0]!;
        var y = outputs[0];
        var s = _params.Scales;
        var z = _params.ZeroPoints;
        if (_dequantize)
        {
            var f = y.AsSpan<float>();
            switch (_type)
            {
                case DataType.Int8: QuantizeLinearReference.Dequantize<sbyte>(x.AsSpan<sbyte>(), s, z, _innerSize, f); break;
                case DataType.UInt8: QuantizeLinearReference.Dequantize<byte>(x.AsSpan<byte>(), s, z, _innerSize, f); break;
                case DataType.Int16: QuantizeLinearReference.Dequantize<short>(x.AsSpan<short>(), s, z, _innerSize, f); break;
                default: QuantizeLinearReference.Dequantize<int>(x.AsSpan<int>(), s, z, _innerSize, f); break;
            }
            return;
        }
        var xf = x.AsSpan<float>();
        switch (_type)
        {
            case DataType.Int8: QuantizeLinearReference.Quantize(xf, s, z, _innerSize, y.AsSpan<sbyte>()); break;
            case DataType.UInt8: QuantizeLinearReference.Quantize(xf, s, z, _innerSize, y.AsSpan<byte>()); break;
            case DataType.Int16: QuantizeLinearReference.Quantize(xf, s, z, _innerSize, y.AsSpan<short>()); break;
            default: QuantizeLinearReference.Quantize(xf, s, z, _innerSize, y.AsSpan<int>()); break;
        }
    }
}

/// <summary>
/// ONNX DynamicQuantizeLinear: the uint8 parameters of x's range
/// (<see cref="QuantizeLinearReference.DynamicParameters"/>), then QuantizeLinear with them.
/// </summary>
internal sealed class DynamicQuantizeLinearKernel : IKernel
{
    private readonly float[] _scale = new float[1];
    private readonly int[] _zeroPoint = new int[1];

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!.AsSpan<float>();
        var (scale, zeroPoint) = QuantizeLinearReference.DynamicParameters(x);
        _scale[0] = scale;
        _zeroPoint[0] = zeroPoint;
        QuantizeLinearReference.Quantize(x, _scale, _zeroPoint, 1, outputs[0].AsSpan<byte>());
        if (outputs.Length > 1) outputs[1].AsSpan<float>()[0] = scale;
        if (outputs.Length > 2) outputs[2].AsSpan<byte>()[0] = (byte)zeroPoint;
    }
}
