namespace Quanta.Core;

/// <summary>
/// Deep copies of graphs and models, so that a pass can rewrite a copy (the runtime lowers and
/// fuses a copy of the user's graph) while the original stays as imported.
/// </summary>
/// <remarks>
/// Values, nodes, attribute maps and the input/output lists are new objects; constant tensors and
/// attribute values are shared, because passes replace them (a transposed weight is a new
/// constant) rather than edit them in place.
/// </remarks>
public static class GraphClone
{
    /// <summary>A copy of <paramref name="graph"/> with the same names, order and attributes.</summary>
    public static Graph Clone(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var copy = new Graph { Name = graph.Name };
        var map = new Dictionary<Value, Value>();
        Value Map(Value v)
        {
            if (map.TryGetValue(v, out var m)) return m;
            m = copy.AddValue(v.Name, v.Type, v.Shape);
            m.DimNames = v.DimNames;
            m.Quant = v.Quant;
            m.Constant = v.Constant;
            map[v] = m;
            return m;
        }

        foreach (var v in graph.Inputs) copy.Inputs.Add(Map(v));
        foreach (var v in graph.Values) Map(v);
        foreach (var node in graph.Nodes)
        {
            var n = copy.AddNode(node.OpType, node.Inputs.Select(i => i is null ? null : Map(i)), node.Outputs.Select(Map), node.Name, node.Domain);
            foreach (var (name, value) in node.Attributes) n.Attributes.Set(name, value);
        }
        foreach (var v in graph.Outputs) copy.Outputs.Add(Map(v));
        return copy;
    }

    /// <summary>A copy of <paramref name="model"/> whose graph is a <see cref="Clone(Graph)"/> of the original.</summary>
    public static Model Clone(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = new Model(Clone(model.Graph), model.Format)
        {
            FormatVersion = model.FormatVersion,
            Producer = model.Producer,
            Description = model.Description,
            SourcePath = model.SourcePath,
            SourceBytes = model.SourceBytes,
        };
        foreach (var (k, v) in model.Opsets) copy.Opsets[k] = v;
        foreach (var (k, v) in model.Metadata) copy.Metadata[k] = v;
        return copy;
    }
}
