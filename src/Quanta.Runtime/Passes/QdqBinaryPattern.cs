using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ(a), DQ(b) → Add | Mul → [Relu | Clip] → Q  ⇒  com.microsoft QLinearAdd | QLinearMul (with output clamp).
/// </summary>
/// <remarks>
/// Conditions: both inputs and the output per tensor, all of one 8-bit type. The fused kernels
/// evaluate DQ, the float op and Q in float exactly as the literal nodes do, so this fusion changes no
/// value at all.
/// </remarks>
internal static class QdqBinaryPattern
{
    /// <summary>Fuses the group around an Add or Mul; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node op)
    {
        if (op is not { Domain: "", OpType: "Add" or "Mul" } || op.Inputs.Count != 2 || op.Outputs.Count != 1) return false;
        var a = QdqRewriter.Dequantized(op.Inputs[0]);
        var b = QdqRewriter.Dequantized(op.Inputs[1]);
        if (a is null || b is null || !a.IsPerTensor || !b.IsPerTensor || !a.IsEightBit || a.Type != b.Type) return false;
        var stage = QdqOutputStage.Match(r, op.Outputs[0]);
        if (stage is null || stage.Output.Type != a.Type) return false;

        var y = stage.Output;
        Value?[] inputs =
        [
            a.Data, a.Scale, a.ZeroPointValue(r.Graph),
            b.Data, b.Scale, b.ZeroPointValue(r.Graph),
            y.Scale, y.ZeroPointValue(r.Graph),
        ];
        r.Replace($"DQ-{op.OpType}-Q", op, [op, .. stage.Nodes], $"QLinear{op.OpType}", OpDomains.Microsoft, inputs, y.Data, stage.SetClamp);
        return true;
    }
}
