namespace Quanta.Core;

/// <summary>Small graph edits shared by the rewrite passes: fresh values and constants, nodes
/// inserted next to an anchor so that the node list stays topologically ordered, rerouting a
/// node's output, bypassing a node, and single-reader checks.</summary>
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

    /// <summary>
    /// Makes <paramref name="producer"/> write <paramref name="target"/> in place of its output
    /// <paramref name="index"/>; the value it wrote before is dropped from the graph. The node that
    /// produced <paramref name="target"/> must already be removed. Keeping <paramref name="target"/>
    /// keeps its name, which matters when it is a graph output.
    /// </summary>
    public static void Redirect(Graph graph, Node producer, int index, Value target)
    {
        if (target.Producer is not null)
            throw new GraphValidationException($"cannot redirect '{producer.Name}' to '{target.Name}': '{target.Producer.Name}' still produces it");
        var old = producer.Outputs[index];
        producer.Outputs[index] = target;
        target.Producer = producer;
        old.Producer = null;
        graph.ReplaceAllUses(old, target);
        graph.RemoveValue(old);
    }

    /// <summary>
    /// Removes <paramref name="node"/>, whose output <paramref name="output"/> equals its input
    /// <paramref name="input"/>, making readers of the output read the input. When the output is
    /// a graph output its name is kept by making the input's producer write it instead.
    /// </summary>
    /// <returns>False (and nothing changed) when the output's name cannot be kept: the input is a
    /// graph input, a constant, another graph output, or read by other nodes.</returns>
    public static bool Bypass(Graph graph, Node node, Value input, Value output)
    {
        if (!graph.Outputs.Contains(output))
        {
            graph.RemoveNode(node);
            graph.ReplaceAllUses(output, input);
            graph.RemoveValue(output);
            return true;
        }
        if (input.Producer is not { } producer || graph.Outputs.Contains(input) || graph.ConsumersOf(input).Count != 1)
            return false;
        graph.RemoveNode(node);
        Redirect(graph, producer, producer.Outputs.IndexOf(input), output);
        return true;
    }

    /// <summary>The nodes that read <paramref name="value"/>, and whether it is a graph output.</summary>
    public static bool HasSingleReader(Graph graph, Value value, out Node? reader)
    {
        var readers = graph.ConsumersOf(value);
        reader = readers.Count == 1 ? readers[0] : null;
        return reader is not null && !graph.Outputs.Contains(value);
    }

    /// <summary>The constant tensor of input <paramref name="index"/>, or null when absent or not constant.</summary>
    public static Tensor? ConstantInput(Node node, int index) => node.InputOrNull(index)?.Constant;

    private static int IndexOf(Graph graph, Node node)
    {
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            if (ReferenceEquals(graph.Nodes[i], node)) return i;
        }
        throw new GraphValidationException($"node '{node.Name}' is not in graph '{graph.Name}'");
    }
}
