namespace Quanta.Core;

/// <summary>
/// Removes nodes that pass their input through unchanged at inference: Identity, and Dropout in
/// inference mode whose mask output nothing reads.
/// </summary>
/// <remarks>
/// Dropout is the identity unless <c>training_mode</c> (input 2) is true; an absent or constant
/// false training_mode is inference mode. A node whose output is a graph output is removed only
/// when its input can take the output's name (see <c>GraphEdits.Bypass</c>); otherwise it stays.
/// </remarks>
public sealed class IdentityElimination : IGraphPass
{
    /// <inheritdoc/>
    public string Name => "identity-elimination";

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int removed = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            if (!IsPassThrough(graph, node) || node.InputOrNull(0) is not { } input) continue;
            var output = node.Outputs[0];
            if (input.Type != DataType.Undefined && output.Type != DataType.Undefined && input.Type != output.Type) continue;
            if (!GraphEdits.Bypass(graph, node, input, output)) continue;
            foreach (var unused in node.Outputs.Skip(1)) graph.RemoveValue(unused);
            removed++;
        }
        return removed;
    }

    private static bool IsPassThrough(Graph graph, Node node)
    {
        if (node.Domain.Length != 0) return false;
        if (node.OpType == "Identity") return true;
        if (node.OpType != "Dropout") return false;
        if (node.Outputs.Skip(1).Any(o => graph.Outputs.Contains(o) || graph.ConsumersOf(o).Count > 0)) return false;
        var training = node.InputOrNull(2);
        return training is null || (training.Constant is { ElementCount: 1 } t && t.GetDouble(0) == 0);
    }
}
