using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ(x), DQ(w), [DQ(int32 bias)] → Conv → [Relu | Clip] → Q  ⇒  QLinearConv (with bias and output clamp).
/// </summary>
/// <remarks>
/// Conditions: x per tensor, int8/uint8; w constant int8/uint8, per tensor or per output channel
/// (axis 0); the bias as <see cref="QdqBias"/> requires; the output a per-tensor 8-bit QuantizeLinear
/// that is the only reader of the Conv (or activation) output.
/// </remarks>
internal static class QdqConvPattern
{
    /// <summary>The pattern's name in <see cref="QdqFusionRecord"/>.</summary>
    public const string Name = "DQ-Conv-Q";

    /// <summary>Fuses the group around <paramref name="conv"/>; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node conv)
    {
        if (conv is not { Domain: "", OpType: "Conv" } || conv.Outputs.Count != 1) return false;
        var x = QdqRewriter.Dequantized(conv.Inputs[0]);
        var w = QdqRewriter.Dequantized(conv.InputOrNull(1));
        if (x is null || !x.IsPerTensor || !x.IsEightBit) return false;
        if (w is null || !w.IsEightBit || w.Data.Constant is null || w.Data.Shape is not { Rank: >= 3 } wShape) return false;
        int m = wShape[0];
        if (!w.IsPerTensor && (w.Axis != 0 || w.Scales.Length != m)) return false;
        if (!QdqBias.Match(conv.InputOrNull(2), x, w, m, out var bias)) return false;
        var stage = QdqOutputStage.Match(r, conv.Outputs[0]);
        if (stage is null) return false;

        var y = stage.Output;
        Value?[] inputs =
        [
            x.Data, x.Scale, x.ZeroPointValue(r.Graph),
            w.Data, w.Scale, w.ZeroPointValue(r.Graph),
            y.Scale, y.ZeroPointValue(r.Graph),
            bias,
        ];
        r.Replace(Name, conv, [conv, .. stage.Nodes], "QLinearConv", OpDomains.Onnx, bias is null ? inputs[..8] : inputs, y.Data, a =>
        {
            foreach (var (key, value) in conv.Attributes) a.Set(key, value);
            stage.SetClamp(a);
        });
        return true;
    }
}
