using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Adds QuantizeLinear/DequantizeLinear nodes and their parameter constants to a graph
/// (ONNX opset 13+ forms: per-axis with the <c>axis</c> attribute).</summary>
/// <remarks>Parameter constants are shared: a value's QuantizeLinear and DequantizeLinear, and
/// values with equal parameters (an output that shares its input's), read the same scale and
/// zero-point constants. Weights and biases, whose zero points are 0, get none (ONNX's default),
/// which keeps small models small.</remarks>
/// <para>Generated names are short (<c>q7</c>, <c>dq7</c>, <c>s3</c>, <c>z3</c>, nodes <c>Q7</c>,
/// <c>DQ7</c>): the quantized model of a small network is dominated by per-channel scales and
/// names, and the originals' long names would repeat in every node around a value.</para>
internal sealed class QdqBuilder(Graph graph)
{
    private readonly Dictionary<(QuantParams, DataType, bool), (Value, Value?)> _parameters = [];
    private int _next;

    /// <summary>A new short name: <paramref name="kind"/> and a number.</summary>
    public string Name(string kind) => graph.UniqueName($"{kind}{++_next}");

    /// <summary>Constants holding <paramref name="p"/>'s scales (float32) and zero points (of
    /// <paramref name="type"/>): scalars per tensor, vectors per axis; no zero point constant when
    /// <paramref name="withZeroPoint"/> is false.</summary>
    public (Value Scale, Value? ZeroPoint) Parameters(string baseName, QuantParams p, DataType type, bool withZeroPoint = true)
    {
        if (_parameters.TryGetValue((p, type, withZeroPoint), out var known)) return known;
        var scales = p.Scales.ToArray();
        var zeros = p.ZeroPoints.ToArray();
        Tensor scale = p.IsPerAxis ? Tensor.Vector(scales) : Tensor.Scalar(scales[0]);
        var scaleValue = graph.AddConstant(Name("s"), scale);
        Value? zpValue = null;
        if (withZeroPoint)
        {
            Tensor zp = type switch
            {
                DataType.Int8 => p.IsPerAxis ? Tensor.Vector(zeros.Select(z => (sbyte)z).ToArray()) : Tensor.Scalar((sbyte)zeros[0]),
                DataType.UInt8 => p.IsPerAxis ? Tensor.Vector(zeros.Select(z => (byte)z).ToArray()) : Tensor.Scalar((byte)zeros[0]),
                DataType.Int16 => p.IsPerAxis ? Tensor.Vector(zeros.Select(z => (short)z).ToArray()) : Tensor.Scalar((short)zeros[0]),
                DataType.Int32 => p.IsPerAxis ? Tensor.Vector(zeros) : Tensor.Scalar(zeros[0]),
                _ => throw new UnsupportedException($"'{baseName}': ONNX cannot quantize to {type}"),
            };
            zpValue = graph.AddConstant(Name("z"), zp);
        }
        _parameters[(p, type, withZeroPoint)] = (scaleValue, zpValue);
        return (scaleValue, zpValue);
    }

    /// <summary>Appends <c>QuantizeLinear(x) → q</c>; returns q.</summary>
    public Value Quantize(Value x, QuantParams p, DataType type, string? outputName = null)
    {
        var (scale, zp) = Parameters(x.Name, p, type);
        var q = graph.AddValue(outputName ?? Name("q"), type, x.Shape);
        var node = graph.AddNode("QuantizeLinear", [x, scale, zp], [q], Name("Q"));
        if (p.Axis is int axis) node.Attributes.Set("axis", (long)axis);
        return q;
    }

    /// <summary>Appends <c>DequantizeLinear(bias, scale)</c> for an int32 bias whose scale is
    /// computed in the graph: per axis 0 when the scale is a vector, per tensor when a scalar.</summary>
    public Value DequantizeBias(Value bias, Value scale)
    {
        var x = graph.AddValue(Name("dq"), DataType.Float32, bias.Shape);
        var node = graph.AddNode("DequantizeLinear", [bias, scale], [x], Name("DQ"));
        if (scale.Shape is { Rank: 1 }) node.Attributes.Set("axis", 0L);
        return x;
    }

    /// <summary>Appends <c>DequantizeLinear(q) → x</c>; returns x. Symmetric parameters of
    /// weights and biases (<paramref name="withZeroPoint"/> false) omit the zero point.</summary>
    public Value Dequantize(Value q, QuantParams p, string baseName, string? outputName = null, bool withZeroPoint = true)
    {
        var (scale, zp) = Parameters(baseName, p, q.Type, withZeroPoint);
        var x = graph.AddValue(outputName ?? Name("dq"), DataType.Float32, q.Shape);
        var node = graph.AddNode("DequantizeLinear", zp is null ? [q, scale] : [q, scale, zp], [x], Name("DQ"));
        if (p.Axis is int axis) node.Attributes.Set("axis", (long)axis);
        return x;
    }
}
