using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ → GlobalAveragePool | AveragePool → [Relu | Clip] → Q  ⇒  com.microsoft QLinearGlobalAveragePool |
/// QLinearAveragePool (NCHW).
/// </summary>
/// <remarks>Conditions: input and output per tensor, one 8-bit type; AveragePool without dilations
/// (QLinearAveragePool has none).</remarks>
internal static class QdqPoolPattern
{
    private static readonly string[] s_windowAttributes = ["auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"];

    /// <summary>Fuses the group around an average pool; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node pool)
    {
        if (pool is not { Domain: "", OpType: "GlobalAveragePool" or "AveragePool" } || pool.Outputs.Count != 1) return false;
        var x = QdqRewriter.Dequantized(pool.Inputs[0]);
        if (x is null || !x.IsPerTensor || !x.IsEightBit) return false;
        if (pool.Attributes.GetInts("dilations") is { } d && Array.Exists(d, v => v != 1)) return false;
        var stage = QdqOutputStage.Match(r, pool.Outputs[0]);
        if (stage is null || stage.Output.Type != x.Type) return false;

        var y = stage.Output;
        Value?[] inputs = [x.Data, x.Scale, x.ZeroPointValue(r.Graph), y.Scale, y.ZeroPointValue(r.Graph)];
        r.Replace($"DQ-{pool.OpType}-Q", pool, [pool, .. stage.Nodes], $"QLinear{pool.OpType}", OpDomains.Microsoft, inputs, y.Data, a =>
        {
            foreach (var name in s_windowAttributes)
            {
                if (pool.Attributes.Find(name) is { } value) a.Set(name, value);
            }
            stage.SetClamp(a);
        });
        return true;
    }
}
