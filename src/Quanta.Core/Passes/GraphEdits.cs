namespace Quanta.Core;

/// <summary>Small graph edits shared by the rewrite passes: fresh values and constants, and nodes
/// inserted next to an anchor so that the node list stays topologically ordered.</summary>
internal static class GraphEdits
{
    /// <summary>A new value named after <paramref name="prefix"/>.</summary>
    public static Value NewValue(Graph graph, string prefix, DataType type, Shape? shape) =>
        graph.AddValue(graph.UniqueName(prefix), type, shape);

    /// <summary>A new constant named after <paramref name="prefix"/>.</summary>
    public static Value NewConstant(Graph graph, string prefix, Tensor tensor) =>
        graph.AddConstant(graph.UniqueName(prefix), tensor);

    /// <summary>Inserts a node just before <paramref name="anchor"/>.</summary>
    public static Node InsertBefore(Graph graph, Node anchor, string opType, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, string name, string domain = "")
    {
        int index = IndexOf(graph, anchor);
        return graph.InsertNode(index, opType, inputs, outputs, name, domain);
    }

    /// <summary>Inserts a node just after <paramref name="anchor"/>.</summary>
    public static Node InsertAfter(Graph graph, Node anchor, string opType, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, string name, string domain = "")
    {
        int index = IndexOf(graph, anchor);
        return graph.InsertNode(index + 1, opType, inputs, outputs, name, domain);
    }

    /// <summary>Inserts <c>Transpose(input, perm)</c> before <paramref name="anchor"/> writing a new value.</summary>
    public static Value TransposeBefore(Graph graph, Node anchor, Value input, IReadOnlyList<int> perm, string name)
    {
        var output = NewValue(graph, name, input.Type, input.Shape is { } s && s.Rank == perm.Count ? Permutation.Apply(s, perm) : null);
        output.Quant = input.Quant;
        var t = InsertBefore(graph, anchor, "Transpose", [input], [output], name);
        t.Attributes.Set("perm", perm.Select(p => (long)p).ToArray());
        return output;
    }

    /// <summary>Inserts <c>output = Transpose(input, perm)</c> after <paramref name="anchor"/>.</summary>
    public static Node TransposeAfter(Graph graph, Node anchor, Value input, IReadOnlyList<int> perm, Value output, string name)
    {
        var t = InsertAfter(graph, anchor, "Transpose", [input], [output], name);
        t.Attributes.Set("perm", perm.Select(p => (long)p).ToArray());
        return t;
    }

    /// <summary>Replaces <paramref name="node"/> by a new node of another op at the same place, with
    /// the same name; the old node's outputs are released so that the new node can write them.</summary>
    public static Node Replace(Graph graph, Node node, string opType, string domain, IEnumerable<Value?> inputs, IEnumerable<Value> outputs)
    {
        int index = IndexOf(graph, node);
        string name = node.Name;
        graph.RemoveNode(node);
        return graph.InsertNode(index, opType, inputs, outputs, name, domain);
    }

    /// <summary>Replaces <paramref name="node"/> by the same op with the same attributes and name but
    /// other inputs and outputs.</summary>
    public static Node Rebuild(Graph graph, Node node, IEnumerable<Value?> inputs, IEnumerable<Value> outputs)
    {
        var attributes = node.Attributes.ToList();
        var rebuilt = Replace(graph, node, node.OpType, node.Domain, inputs.ToList(), outputs.ToList());
        foreach (var (name, value) in attributes) rebuilt.Attributes.Set(name, value);
        return rebuilt;
    }

    /// <summary>True when <paramref name="value"/> is read by exactly one node input and is not a graph output.</summary>
    public static bool HasSingleUse(Graph graph, Value value, Dictionary<Value, List<Node>> consumers)
    {
        if (graph.Outputs.Contains(value)) return false;
        if (!consumers.TryGetValue(value, out var readers) || readers.Count != 1) return false;
        return readers[0].Inputs.Count(i => ReferenceEquals(i, value)) == 1;
    }

    private static int IndexOf(Graph graph, Node node)
    {
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            if (ReferenceEquals(graph.Nodes[i], node)) return i;
        }
        throw new GraphValidationException($"node '{node.Name}' is not in graph '{graph.Name}'");
    }
}
