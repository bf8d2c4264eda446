namespace Quanta.Core;

/// <summary>Removes nodes whose outputs nothing reads and values nothing refers to.</summary>
public sealed class DeadCodeElimination : IGraphPass
{
    /// <inheritdoc/>
    public string Name => "dead-code-elimination";

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.RemoveDeadCode();
    }
}
