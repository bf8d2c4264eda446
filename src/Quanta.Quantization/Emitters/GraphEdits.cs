using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Small edits the emitters share.</summary>
internal static class GraphEdits
{
    /// <summary>Makes <paramref name="reader"/> read <paramref name="replacement"/> wherever it reads <paramref name="value"/>.</summary>
    public static void Reroute(Node reader, Value value, Value replacement)
    {
        for (int i = 0; i < reader.Inputs.Count; i++)
        {
            if (ReferenceEquals(reader.Inputs[i], value)) reader.Inputs[i] = replacement;
        }
    }

    /// <summary>Replaces <paramref name="value"/> by <paramref name="replacement"/> in the graph's output list.</summary>
    public static void ReplaceOutput(Graph graph, Value value, Value replacement)
    {
        for (int i = 0; i < graph.Outputs.Count; i++)
        {
            if (ReferenceEquals(graph.Outputs[i], value)) graph.Outputs[i] = replacement;
        }
    }

    /// <summary>Orders the nodes, checks the graph and infers types and shapes again.</summary>
    public static void Finish(Model model)
    {
        model.Opsets[""] = Math.Max(model.Opset, 13);
        model.Graph.SortTopologically();
        model.Graph.RemoveDeadCode();
        DropDefaultConvAttributes(model.Graph);
        GraphVerifier.Verify(model.Graph);
        GraphShapeInference.Run(model.Graph, model.Opset);
    }

    /// <summary>
    /// Drops Conv attributes that only restate ONNX's defaults (unit strides and dilations, zero
    /// pads, one group) or what the weights already say (kernel_shape). The meaning is unchanged;
    /// the bytes matter for small quantized models, where every node is a visible share of the file.
    /// </summary>
    public static void DropDefaultConvAttributes(Graph graph)
    {
        foreach (var node in graph.Nodes.Where(n => n is { Domain: "", OpType: "Conv" }))
        {
            var a = node.Attributes;
            if (a.GetInts("dilations") is { } d && Array.TrueForAll(d, x => x == 1)) a.Remove("dilations");
            if (a.GetInts("strides") is { } s && Array.TrueForAll(s, x => x == 1)) a.Remove("strides");
            if (a.GetInts("pads") is { } p && Array.TrueForAll(p, x => x == 0)) a.Remove("pads");
            if (a.GetInt("group", 1) == 1) a.Remove("group");
            if (node.InputOrNull(1)?.Shape is { } w && a.GetInts("kernel_shape") is { } k && w.Dims[2..].ToArray().Select(x => (long)x).SequenceEqual(k))
                a.Remove("kernel_shape");
        }
    }

    /// <summary>Node outputs of <paramref name="original"/> that <paramref name="emitted"/> still
    /// computes under the same name and type (the weight-only forms keep every activation).</summary>
    public static IReadOnlyDictionary<string, string> SameNamedValues(Graph original, Graph emitted) =>
        original.Nodes.SelectMany(n => n.Outputs)
            .Where(v => emitted.FindValue(v.Name) is { Producer: not null, Type: DataType.Float32 })
            .ToDictionary(v => v.Name, v => v.Name, StringComparer.Ordinal);

    /// <summary>The values of the plan that exist in the graph, in the graph's order (deterministic output).</summary>
    public static List<(Value Value, ValueQuantization Quantization)> PlannedValues(Graph graph, QuantizationPlan plan) =>
        graph.Values.Select(v => (v, plan.Find(v.Name))).Where(p => p.Item2 is not null).Select(p => (p.v, p.Item2!)).ToList();
}
