namespace Quanta.Core;

/// <summary>Edits that several passes share: rerouting a node's output, bypassing a node.</summary>
internal static class GraphRewrites
{
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
}
