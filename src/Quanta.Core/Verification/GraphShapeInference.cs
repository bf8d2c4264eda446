namespace Quanta.Core;

/// <summary>
/// Runs every node's schema over a graph in topological order, filling in each value's type and
/// shape from what is known (declared input shapes, constants). Values an importer declared keep
/// their declared type; their shape is refined where inference knows more, and a value without
/// quantization parameters takes those its op passes on (a Reshape of an int8 tensor).
/// </summary>
public static class GraphShapeInference
{
    /// <summary>Infers types and shapes for the whole graph.</summary>
    /// <param name="graph">The graph, edited in place.</param>
    /// <param name="opset">The model's default-domain opset.</param>
    /// <param name="unknownOps">Receives nodes whose op has no schema (their outputs stay unknown).</param>
    /// <exception cref="GraphValidationException">A node's inputs contradict its op.</exception>
    public static void Run(Graph graph, long opset, ICollection<Node>? unknownOps = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var known = new Dictionary<Value, ValueInfo>();
        foreach (var v in graph.Values) known[v] = ValueInfo.Of(v);

        foreach (var node in graph.Nodes)
        {
            var schema = OpSchemas.Find(node);
            if (schema is null)
            {
                unknownOps?.Add(node);
                continue;
            }
            var inputs = node.Inputs.Select(v => v is null ? null : known[v]).ToList();
            var ctx = new InferenceContext(node, inputs, opset);
            schema.Infer(ctx);
            for (int i = 0; i < node.Outputs.Count; i++)
            {
                var inferred = ctx.Outputs[i];
                if (inferred is null) continue;
                var value = node.Outputs[i];
                if (value.Type == DataType.Undefined) value.Type = inferred.Type;
                if (value.Quant is null && value.Type == inferred.Type) value.Quant = inferred.Quant;
                value.Shape = Refine(value.Shape, inferred.Shape);
                known[value] = new ValueInfo(value.Type, value.Shape, value.Quant, inferred.Data);
            }
        }
    }

    /// <summary>Merges a declared shape with an inferred one, keeping every known dimension.</summary>
    public static Shape? Refine(Shape? declared, Shape? inferred)
    {
        if (inferred is null) return declared;
        if (declared is null || declared.Rank != inferred.Rank) return inferred;
        var dims = inferred.ToArray();
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == Shape.Unknown) dims[i] = declared[i];
        }
        return new Shape(dims);
    }
}
