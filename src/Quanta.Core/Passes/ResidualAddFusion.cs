namespace Quanta.Core;

/// <summary>
/// Folds a residual connection's float TFLite ADD into the CONV_2D that produces one of its
/// operands: <c>ADD(CONV_2D(x, w, b), r)</c> with activation A becomes <c>CONV_2D(x, w, b, r)</c>
/// with activation A, whose optimized kernel adds r in its epilogue before the clamp, so the
/// convolution's output is never written and read back (ResNet's conv3 + ADD + RELU). Input 3
/// of CONV_2D is a runtime-only extension (like the fused activations of ONNX ops, it exists
/// after the session's own rewrites only): the pass runs only when the caller says the float
/// CONV_2D kernel implements it, and never before a TFLite export.
/// </summary>
/// <remarks>
/// Fused when the ADD has no broadcast (both operands shaped like its output), a clamping
/// activation (NONE, RELU, RELU6, RELU_N1_TO_1), and the convolution is float with constant
/// weights, one group, no activation of its own, and an output read by the ADD alone (not a
/// graph output). The arithmetic is unchanged: the kernel computes the convolution's float sum,
/// adds r once and clamps, as the two ops did. The fused node takes the ADD's place in the node
/// order, after r's producer; its own inputs were available earlier, so the order stays valid.
/// </remarks>
public static class ResidualAddFusion
{
    private static readonly HashSet<string> s_clamps = ["NONE", "RELU", "RELU6", "RELU_N1_TO_1"];

    /// <summary>Fuses in place; returns the number of ADDs fused.</summary>
    /// <exception cref="GraphValidationException">The graph is malformed after the pass.</exception>
    public static int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int fused = 0;
        var consumers = graph.BuildConsumerMap();
        foreach (var add in graph.Nodes.ToList())
        {
            if (add.Domain != OpDomains.Tflite || add.OpType != "ADD" || add.Inputs.Count != 2) continue;
            if (add.Inputs[0] is not { } a || add.Inputs[1] is not { } b || ReferenceEquals(a, b)) continue;
            var y = add.Outputs[0];
            if (!IsPlainFloat(a) || !IsPlainFloat(b) || !IsPlainFloat(y) || a.Shape != y.Shape || b.Shape != y.Shape) continue;
            string activation = add.Attributes.GetString("fused_activation_function", "NONE");
            if (!s_clamps.Contains(activation)) continue;
            var (conv, residual) = Fusable(graph, a, consumers) ? (a.Producer!, b) : Fusable(graph, b, consumers) ? (b.Producer!, a) : (null, null);
            if (conv is null || residual is null) continue;

            var inputs = new List<Value?> { conv.Inputs[0], conv.Inputs[1], conv.InputOrNull(2), residual };
            var attributes = conv.Attributes.ToList();
            string name = conv.Name;
            var convOutput = conv.Outputs[0];
            graph.RemoveNode(conv);
            int index = IndexOf(graph, add);
            graph.RemoveNode(add);
            graph.RemoveValue(convOutput);
            var rebuilt = graph.InsertNode(index, "CONV_2D", inputs, [y], name, OpDomains.Tflite);
            foreach (var (key, value) in attributes) rebuilt.Attributes.Set(key, value);
            rebuilt.Attributes.Set("fused_activation_function", activation);
            consumers = graph.BuildConsumerMap();
            fused++;
        }
        GraphVerifier.Verify(graph);
        return fused;
    }

    /// <summary>True when <paramref name="value"/> comes from a CONV_2D that can take the ADD.</summary>
    private static bool Fusable(Graph graph, Value value, Dictionary<Value, List<Node>> consumers)
    {
        if (value.Producer is not { Domain: OpDomains.Tflite, OpType: "CONV_2D" } conv || conv.Inputs.Count > 3) return false;
        if (conv.Attributes.GetString("fused_activation_function", "NONE") != "NONE") return false;
        if (conv.Inputs[0] is not { } x || conv.Inputs[1] is not { IsConstant: true } filter || !IsPlainFloat(x) || !IsPlainFloat(filter)) return false;
        if (conv.InputOrNull(2) is { } bias && (!bias.IsConstant || !IsPlainFloat(bias))) return false;
        // One group: the filter's input channels are the input's.
        if (x.Shape is not { Rank: 4 } xs || filter.Shape is not { Rank: 4 } fs || xs[3] <= 0 || fs[3] != xs[3]) return false;
        return GraphEdits.HasSingleUse(graph, value, consumers);
    }

    private static int IndexOf(Graph graph, Node node)
    {
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            if (ReferenceEquals(graph.Nodes[i], node)) return i;
        }
        throw new GraphValidationException($"node '{node.Name}' is not in graph '{graph.Name}'");
    }

    private static bool IsPlainFloat(Value value) => value.Type == DataType.Float32 && value.Quant is null;
}
