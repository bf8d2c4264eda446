using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// The constant operands of one QuantizeLinear or DequantizeLinear node, as the QDQ patterns need
/// them: the quantized value, its type, the scale and zero-point values (the zero point may be
/// absent) and their numbers.
/// </summary>
/// <param name="Node">The Q or DQ node.</param>
/// <param name="Data">DQ: the quantized input. Q: the quantized output.</param>
/// <param name="Type">The quantized type.</param>
/// <param name="Scale">The scale constant.</param>
/// <param name="ZeroPoint">The zero-point constant, or null when absent (0).</param>
/// <param name="Scales">The scales.</param>
/// <param name="ZeroPoints">The zero points (zeros when absent).</param>
/// <param name="Axis">The normalized quantized axis when per axis, else −1.</param>
internal sealed record QdqParams(Node Node, Value Data, DataType Type, Value Scale, Value? ZeroPoint, float[] Scales, int[] ZeroPoints, int Axis)
{
    /// <summary>One scale and zero point for the whole tensor.</summary>
    public bool IsPerTensor => Scales.Length == 1;

    /// <summary>True for int8 and uint8 data.</summary>
    public bool IsEightBit => Type is DataType.Int8 or DataType.UInt8;

    /// <summary>
    /// Reads the parameters of a Q or DQ node when its scale and zero point are constants (null
    /// otherwise, or when they are malformed: the literal Q/DQ kernels then report the problem).
    /// </summary>
    public static QdqParams? Read(Node node)
    {
        if (node.Domain.Length != 0 || node.OpType is not ("QuantizeLinear" or "DequantizeLinear")) return null;
        bool dequantize = node.OpType == "DequantizeLinear";
        var data = dequantize ? node.Inputs[0] : node.Outputs[0];
        var scale = node.InputOrNull(1);
        var zeroPoint = node.InputOrNull(2);
        if (data is null || scale?.Constant is not { Type: DataType.Float32 } s || s.Shape.Rank > 1) return null;
        if (zeroPoint is not null && (zeroPoint.Constant is not { } z || z.ElementCount != s.ElementCount || z.Type != data.Type)) return null;
        var scales = s.ToArray<float>();
        if (!Array.TrueForAll(scales, v => v > 0 && float.IsNormal(v) && float.IsFinite(v * 256f))) return null;
        var zeroPoints = zeroPoint is null ? new int[scales.Length] : Array.ConvertAll(zeroPoint.Constant!.ToInt64Array(), v => (int)v);
        int axis = -1;
        if (scales.Length > 1)
        {
            int rank = data.Shape?.Rank ?? -1;
            long a = node.Attributes.GetInt("axis", 1);
            if (rank < 0 || a < -rank || a >= rank) return null;
            axis = (int)(a < 0 ? a + rank : a);
        }
        return new QdqParams(node, data, data.Type, scale, zeroPoint, scales, zeroPoints, axis);
    }

    /// <summary>Scale of channel <paramref name="c"/> (the only one when per tensor).</summary>
    public float ScaleAt(int c) => IsPerTensor ? Scales[0] : Scales[c];

    /// <summary>True when both describe the same per-tensor quantization, bit for bit.</summary>
    public bool SamePerTensor(QdqParams other) =>
        IsPerTensor && other.IsPerTensor && Type == other.Type && Scales[0].Equals(other.Scales[0]) && ZeroPoints[0] == other.ZeroPoints[0];

    /// <summary>The zero-point value, materialized when absent as zeros of <see cref="Type"/> shaped like
    /// the scale (a per-channel scale needs as many zero points: the QLinear ops check that).</summary>
    public Value ZeroPointValue(Graph graph)
    {
        if (ZeroPoint is not null) return ZeroPoint;
        var zero = Tensor.Zeros(Type, Scale.Constant!.Shape);
        return graph.AddConstant(graph.UniqueName($"{Scale.Name}_zero_point"), zero);
    }
}
