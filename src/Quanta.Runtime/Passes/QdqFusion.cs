using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// The QDQ recognition pass: rewrites QuantizeLinear/DequantizeLinear groups around float ops into
/// integer ops (QLinearConv, QGemm, QLinearMatMul, QLinearAdd/Mul, QLinear(Global)AveragePool, and
/// data-movement ops on 8-bit codes), one pattern per file. Run by <see cref="InferenceSession"/> on a
/// copy of the model's graph when <see cref="SessionOptions.FuseQuantizedPatterns"/> is set.
/// </summary>
/// <remarks>
/// Steps: fold the constant subgraphs feeding Q/DQ operands (<see cref="QdqConstantFolding"/>), drop
/// identity casts (<see cref="IdentityCastElimination"/>), then try every pattern on every node. A
/// group that does not meet a pattern's conditions stays as it is and runs with the literal float QDQ
/// semantics, so fusion never changes an answer beyond the integer kernels' own rounding (at most one
/// output LSB against the float QDQ computation). Unused DequantizeLinear nodes are removed at the end
/// and the result is verified.
/// </remarks>
internal static class QdqFusion
{
    private delegate bool Pattern(QdqRewriter r, Node node);

    private static readonly Pattern[] s_patterns =
    [
        QdqConvPattern.TryFuse,
        QdqGemmPattern.TryFuse,
        QdqMatMulPattern.TryFuse,
        QdqBinaryPattern.TryFuse,
        QdqPoolPattern.TryFuse,
        QdqDataMovementPattern.TryFuse,
        QdqConcatPattern.TryFuse,
        QdqPadPattern.TryFuse,
    ];

    /// <summary>True when the graph has a DequantizeLinear, i.e. something to fuse.</summary>
    public static bool Applies(Graph graph) => graph.Nodes.Any(n => n is { Domain: "", OpType: "DequantizeLinear" });

    /// <summary>Rewrites <paramref name="graph"/> in place (types inferred); returns what was fused.</summary>
    public static IReadOnlyList<QdqFusionRecord> Run(Graph graph, long opset, SessionOptions options)
    {
        QdqConstantFolding.Run(graph, opset, options);
        IdentityCastElimination.Run(graph);
        var rewriter = new QdqRewriter(graph);
        foreach (var node in graph.Nodes.ToList())
        {
            if (!graph.Nodes.Contains(node)) continue;
            foreach (var pattern in s_patterns)
            {
                if (pattern(rewriter, node)) break;
            }
        }
        // Fused nodes were appended: restore the order dead-code removal relies on.
        graph.SortTopologically();
        graph.RemoveDeadCode();
        GraphVerifier.Verify(graph);
        return rewriter.Records;
    }
}
