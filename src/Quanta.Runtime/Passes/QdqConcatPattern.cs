using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ(x₀), DQ(x₁)… → Concat → Q with per-tensor parameters that differ  ⇒  com.microsoft QLinearConcat
/// (Y_scale, Y_zero_point, then x, scale, zero point per input). Equal parameters are
/// <see cref="QdqDataMovementPattern"/>'s (a Concat of the codes).
/// </summary>
/// <remarks>
/// Exact: Concat only copies the dequantized floats, so each output element is Q_y(DQ_xi(q)), which is
/// what QLinearConcat's per-input lookup tables hold. Conditions: every input is a per-tensor 8-bit
/// DequantizeLinear of the QuantizeLinear's type, and the Concat's only reader is that QuantizeLinear.
/// </remarks>
internal static class QdqConcatPattern
{
    /// <summary>The pattern's name in <see cref="QdqFusionRecord"/>.</summary>
    public const string Name = "DQ-Concat-Q (requantizing)";

    /// <summary>Fuses the group around a Concat; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node concat)
    {
        if (concat is not { Domain: "", OpType: "Concat" } || concat.Outputs.Count != 1 || concat.Inputs.Count == 0) return false;
        var stage = QdqOutputStage.Match(r, concat.Outputs[0], allowActivation: false);
        if (stage is null || !stage.Output.IsPerTensor || !stage.Output.IsEightBit) return false;
        var y = stage.Output;
        var inputs = new List<Value?> { y.Scale, y.ZeroPointValue(r.Graph) };
        foreach (var input in concat.Inputs)
        {
            var dq = QdqRewriter.Dequantized(input);
            if (dq is null || !dq.IsPerTensor || dq.Type != y.Type) return false;
            inputs.AddRange([dq.Data, dq.Scale, dq.ZeroPointValue(r.Graph)]);
        }
        r.Replace(Name, concat, [concat, .. stage.Nodes], "QLinearConcat", OpDomains.Microsoft, inputs, y.Data, a => a.Set("axis", concat.Attributes.GetInt("axis")));
        return true;
    }
}
