namespace Quanta.Core;

/// <summary>What <see cref="NhwcLowering.Run"/> did.</summary>
/// <param name="LoweredNodes">ONNX nodes rewritten into TFLite-domain (NHWC) ops.</param>
/// <param name="RemainingTransposes">Transpose nodes in the graph afterwards (the model boundary,
/// and wherever a layout-dependent op kept NCHW).</param>
public sealed record NhwcLoweringResult(int LoweredNodes, int RemainingTransposes);

/// <summary>
/// Lowers 2-D float ONNX ops (NCHW) onto the TFLite-domain ops, which are the NHWC op set of the
/// runtime and of the TFLite exporter (docs/decisions/0002 and 0004): Conv → CONV_2D (OHWI
/// weights, groups kept) or DEPTHWISE_CONV_2D; MaxPool, AveragePool → MAX_POOL_2D,
/// AVERAGE_POOL_2D; GlobalAveragePool/GlobalMaxPool → MEAN/REDUCE_MAX over H and W; Gemm and
/// MatMul with constant weights → FULLY_CONNECTED. Explicit ONNX pads that SAME/VALID cannot
/// express become a PAD (PADV2 with −∞ for max pooling) before a VALID window. Each lowered op is
/// wrapped in Transposes, which <see cref="TransposePushing"/> then moves through layout-agnostic
/// ops and cancels, so that only the model boundary keeps one.
/// </summary>
/// <remarks>
/// The result uses standard TFLite ops and attributes only (no Quanta extension), so that it can
/// be exported to TFLite; the runtime's own fusions (<see cref="PadFusion"/>,
/// <see cref="FloatActivationFusion"/>) run afterwards. Nodes that do not fit (1-D/3-D, unknown
/// spatial sizes, non-constant weights, quantized values, windows TFLite cannot express) stay as
/// they are; the graph computes the same function either way. The pass edits the graph in place
/// (run it on a <see cref="GraphCloning"/> to keep the original) and verifies it afterwards.
/// </remarks>
public static class NhwcLowering
{
    /// <summary>Lowers <paramref name="graph"/> in place.</summary>
    /// <param name="graph">The graph; shapes are inferred first, so declared input shapes suffice.</param>
    /// <param name="opset">The model's default-domain opset (for shape inference).</param>
    /// <exception cref="GraphValidationException">The graph is malformed (before or after the pass).</exception>
    public static NhwcLoweringResult Run(Graph graph, long opset)
    {
        ArgumentNullException.ThrowIfNull(graph);
        GraphShapeInference.Run(graph, opset, []);
        int lowered = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            if (node.Domain.Length != 0) continue;
            bool done = node.OpType switch
            {
                "Conv" => NhwcWindowLowering.LowerConv(graph, node),
                "MaxPool" => NhwcWindowLowering.LowerMaxPool(graph, node),
                "AveragePool" => NhwcWindowLowering.LowerAveragePool(graph, node),
                "GlobalAveragePool" or "GlobalMaxPool" => NhwcWindowLowering.LowerGlobalPool(graph, node),
                "Gemm" => FullyConnectedLowering.LowerGemm(graph, node),
                "MatMul" => FullyConnectedLowering.LowerMatMul(graph, node),
                _ => false,
            };
            if (done) lowered++;
        }
        TransposePushing.Run(graph);
        graph.RemoveDeadCode();
        GraphVerifier.Verify(graph);
        GraphShapeInference.Run(graph, opset, []);
        return new NhwcLoweringResult(lowered, graph.Nodes.Count(n => n.OpType == "Transpose" && n.Domain.Length == 0));
    }
}
