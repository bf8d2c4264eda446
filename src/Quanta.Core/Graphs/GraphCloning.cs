namespace Quanta.Core;

/// <summary>Deep copies of graphs and models, for passes that must not touch the caller's model.</summary>
public static class GraphCloning
{
    /// <summary>
    /// A copy of <paramref name="graph"/> with new <see cref="Value"/> and <see cref="Node"/> objects
    /// (same names, types, shapes, quantization, attributes, node order, inputs and outputs), so that
    /// editing the copy leaves the original as it was.
    /// </summary>
    /// <remarks>
    /// Constant tensors and attribute values are shared, not copied: both are treated as immutable
    /// (passes replace a constant with a new tensor instead of writing into it), and sharing keeps a
    /// copy of a large model cheap.
    /// </remarks>
    public static Graph Clone(this Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var copy = new Graph { Name = graph.Name };
        var map = new Dictionary<Value, Value>();
        var inputs = new HashSet<Value>(graph.Inputs);
        foreach (var v in graph.Inputs) map[v] = copy.AddInput(v.Name, v.Type, v.Shape);
        foreach (var v in graph.Values)
        {
            if (inputs.Contains(v)) continue;
            map[v] = v.Constant is { } t ? copy.AddConstant(v.Name, t) : copy.AddValue(v.Name, v.Type, v.Shape);
        }
        foreach (var (old, v) in map)
        {
            v.Type = old.Type;
            v.Shape = old.Shape;
            v.DimNames = old.DimNames;
            v.Quant = old.Quant;
        }
        foreach (var n in graph.Nodes)
        {
            var node = copy.AddNode(n.OpType, n.Inputs.Select(i => i is null ? null : map[i]), n.Outputs.Select(o => map[o]), n.Name, n.Domain);
            foreach (var (name, value) in n.Attributes) node.Attributes.Set(name, value);
        }
        copy.Outputs.AddRange(graph.Outputs.Select(o => map[o]));
        return copy;
    }

    /// <summary>A copy of <paramref name="model"/> around a <see cref="Clone(Graph)"/> of its graph, with the same metadata.</summary>
    public static Model Clone(this Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = new Model(model.Graph.Clone(), model.Format)
        {
            FormatVersion = model.FormatVersion,
            Producer = model.Producer,
            Description = model.Description,
            SourcePath = model.SourcePath,
            SourceBytes = model.SourceBytes,
        };
        foreach (var (domain, version) in model.Opsets) copy.Opsets[domain] = version;
        foreach (var (key, value) in model.Metadata) copy.Metadata[key] = value;
        return copy;
    }
}
