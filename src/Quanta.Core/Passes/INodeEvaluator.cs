namespace Quanta.Core;

/// <summary>
/// Computes a node's outputs from constant inputs. Core has no kernels, so constant folding
/// asks the runtime (whose implementation runs the node's own kernel) rather than writing op
/// math a second time.
/// </summary>
public interface INodeEvaluator
{
    /// <summary>Runs <paramref name="node"/> on <paramref name="inputs"/>.</summary>
    /// <param name="node">The node; its attributes are read, the graph is not changed.</param>
    /// <param name="inputs">One tensor per input slot (null for an absent optional input).</param>
    /// <returns>One new tensor per output, or null when the node cannot be evaluated (no kernel).</returns>
    IReadOnlyList<Tensor>? Evaluate(Node node, IReadOnlyList<Tensor?> inputs);
}
