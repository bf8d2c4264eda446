namespace Quanta.Core;

/// <summary>
/// Folds a clamping activation into the float TFLite op that produces its input, as TFLite's
/// <c>fused_activation_function</c>: Relu/RELU → RELU, Relu6/RELU6/Clip(0, 6) → RELU6,
/// Clip(−1, 1)/RELU_N1_TO_1 → RELU_N1_TO_1, Clip(0, none) → RELU, after CONV_2D,
/// DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, MUL, SUB, AVERAGE_POOL_2D and MAX_POOL_2D. A float
/// ONNX Add, Sub or Mul followed by such an activation becomes the TFLite op (the same
/// broadcasting arithmetic) so that it can take the activation.
/// </summary>
/// <remarks>
/// Fused only when the producer has no activation yet and the intermediate value has exactly one
/// reader and is not a graph output. Other Clip ranges have no TFLite activation and stay. The
/// arithmetic is unchanged: TFLite clamps the op's float result with min(max(x, lo), hi), as
/// Relu and Clip do.
/// </remarks>
public static class FloatActivationFusion
{
    private static readonly HashSet<string> s_producers =
        ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "MUL", "SUB", "AVERAGE_POOL_2D", "MAX_POOL_2D"];

    private static readonly Dictionary<string, string> s_onnxBinary = new() { ["Add"] = "ADD", ["Sub"] = "SUB", ["Mul"] = "MUL" };

    /// <summary>Fuses in place; returns the number of activations fused.</summary>
    /// <exception cref="GraphValidationException">The graph is malformed after the pass.</exception>
    public static int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int fused = 0;
        var consumers = graph.BuildConsumerMap();
        foreach (var activation in graph.Nodes.ToList())
        {
            if (ActivationOf(activation) is not { } name || activation.Inputs[0] is not { Producer: { } producer } x) continue;
            if (x.Type != DataType.Float32 || x.Quant is not null || !GraphEdits.HasSingleUse(graph, x, consumers)) continue;
            string? opType = producer.Domain == OpDomains.Tflite && s_producers.Contains(producer.OpType) ? producer.OpType
                : producer.Domain.Length == 0 && s_onnxBinary.TryGetValue(producer.OpType, out var t) && producer.Inputs.Count == 2 ? t : null;
            if (opType is null || producer.Attributes.GetString("fused_activation_function", "NONE") != "NONE") continue;

            var output = activation.Outputs[0];
            graph.RemoveNode(activation);
            var attributes = producer.Attributes.ToList();
            var rebuilt = GraphEdits.Replace(graph, producer, opType, OpDomains.Tflite, producer.Inputs.ToList(), [output]);
            foreach (var (k, v) in attributes) rebuilt.Attributes.Set(k, v);
            rebuilt.Attributes.Set("fused_activation_function", name);
            graph.RemoveValue(x);
            consumers = graph.BuildConsumerMap();
            fused++;
        }
        GraphVerifier.Verify(graph);
        return fused;
    }

    /// <summary>The TFLite activation name a node computes, or null.</summary>
    private static string? ActivationOf(Node node)
    {
        if (node.Outputs.Count != 1 || node.Inputs.Count == 0) return null;
        if (node.Domain == OpDomains.Tflite)
            return node.OpType is "RELU" or "RELU6" or "RELU_N1_TO_1" ? node.OpType : null;
        if (node.Domain.Length != 0) return null;
        if (node.OpType == "Relu") return "RELU";
        if (node.OpType != "Clip") return null;
        if (Bound(node, 1) is not float lo || Bound(node, 2) is not float hi) return null;
        return (lo, hi) switch
        {
            (0f, 6f) => "RELU6",
            (-1f, 1f) => "RELU_N1_TO_1",
            (0f, float.PositiveInfinity) => "RELU",
            _ => null,
        };
    }

    /// <summary>A Clip bound: the constant's value, ±∞ when absent, null when not a constant scalar.</summary>
    private static float? Bound(Node clip, int index)
    {
        var v = clip.InputOrNull(index);
        if (v is null) return index == 1 ? float.NegativeInfinity : float.PositiveInfinity;
        return v.Constant is { Type: DataType.Float32, ElementCount: 1 } c ? c.AsSpan<float>()[0] : null;
    }
}
