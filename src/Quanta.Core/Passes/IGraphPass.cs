namespace Quanta.Core;

/// <summary>
/// One small rewrite of a graph, in place. A pass keeps <see cref="Graph.Nodes"/> topologically
/// ordered and leaves a graph that <see cref="GraphVerifier"/> accepts; <see cref="GraphPasses.Run"/>
/// checks both after every pass.
/// </summary>
public interface IGraphPass
{
    /// <summary>The pass's name, as reports and error messages show it.</summary>
    string Name { get; }

    /// <summary>Rewrites <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph, edited in place.</param>
    /// <returns>How many rewrites were made (0 when the graph is unchanged).</returns>
    int Run(Graph graph);
}

/// <summary>What one pass did.</summary>
/// <param name="Pass">The pass's name.</param>
/// <param name="Rewrites">How many rewrites it made.</param>
public sealed record PassReport(string Pass, int Rewrites);
