using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ(A), DQ(B) → MatMul → [Relu | Clip] → Q  ⇒  QLinearMatMul (batched, with output clamp).
/// </summary>
/// <remarks>
/// Conditions: A per tensor, rank ≥ 2; B (constant or not) rank ≥ 2, per tensor or per column (its last
/// axis); both 8-bit. A MatMul followed by a bias Add is <see cref="QdqGemmPattern"/>'s.
/// </remarks>
internal static class QdqMatMulPattern
{
    /// <summary>The pattern's name in <see cref="QdqFusionRecord"/>.</summary>
    public const string Name = "DQ-MatMul-Q";

    /// <summary>Fuses the group around <paramref name="matmul"/>; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node matmul)
    {
        if (matmul is not { Domain: "", OpType: "MatMul" } || matmul.Outputs.Count != 1) return false;
        var a = QdqRewriter.Dequantized(matmul.Inputs[0]);
        var b = QdqRewriter.Dequantized(matmul.Inputs[1]);
        if (a is null || !a.IsPerTensor || !a.IsEightBit || a.Data.Shape is not { Rank: >= 2 }) return false;
        if (b is null || !b.IsEightBit || b.Data.Shape is not { Rank: >= 2 } bShape) return false;
        if (!b.IsPerTensor && (b.Axis != bShape.Rank - 1 || b.Scales.Length != bShape[-1])) return false;
        var stage = QdqOutputStage.Match(r, matmul.Outputs[0]);
        if (stage is null) return false;

        var y = stage.Output;
        Value?[] inputs =
        [
            a.Data, a.Scale, a.ZeroPointValue(r.Graph),
            b.Data, b.Scale, b.ZeroPointValue(r.Graph),
            y.Scale, y.ZeroPointValue(r.Graph),
        ];
        r.Replace(Name, matmul, [matmul, .. stage.Nodes], "QLinearMatMul", OpDomains.Onnx, inputs, y.Data, stage.SetClamp);
        return true;
    }
}
