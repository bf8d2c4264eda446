using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ → Pad (constant mode, constant pads, value 0) → Q with the same parameters  ⇒  Pad of the codes
/// with the zero point as the value.
/// </summary>
/// <remarks>
/// Exact: with equal per-tensor parameters Q(DQ(q)) = q (see <see cref="QdqDataMovementPattern"/>), and
/// the padded real 0 quantizes to the zero point. Conditions: the value input absent or a constant 0,
/// no axes input, the Pad's only reader the QuantizeLinear.
/// </remarks>
internal static class QdqPadPattern
{
    /// <summary>The pattern's name in <see cref="QdqFusionRecord"/>.</summary>
    public const string Name = "DQ-Pad-Q";

    /// <summary>Fuses the group around a Pad; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node pad)
    {
        if (pad is not { Domain: "", OpType: "Pad" } || pad.Outputs.Count != 1 || pad.Attributes.GetString("mode", "constant") != "constant") return false;
        if (pad.InputOrNull(1) is not { Constant: not null } pads || pad.InputOrNull(3) is not null) return false;
        if (pad.InputOrNull(2) is { } value && (value.Constant is not { ElementCount: 1, Type: DataType.Float32 } v || v.ToFloatArray()[0] != 0f)) return false;
        var stage = QdqOutputStage.Match(r, pad.Outputs[0], allowActivation: false);
        if (stage is null || !stage.Output.IsEightBit) return false;
        var dq = QdqRewriter.Dequantized(pad.Inputs[0]);
        if (dq is null || !dq.SamePerTensor(stage.Output)) return false;
        int zp = stage.Output.ZeroPoints[0];
        var code = stage.Output.Type == DataType.Int8 ? Tensor.Scalar((sbyte)zp) : Tensor.Scalar((byte)zp);
        var codeValue = r.Graph.AddConstant(r.Graph.UniqueName($"{pad.Name}/zero_point_value"), code);
        r.Replace(Name, pad, [pad, .. stage.Nodes], "Pad", OpDomains.Onnx, [dq.Data, pads, codeValue], stage.Output.Data, a =>
        {
            foreach (var (key, attr) in pad.Attributes) a.Set(key, attr);
        });
        return true;
    }
}
