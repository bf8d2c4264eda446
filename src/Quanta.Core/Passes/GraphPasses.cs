namespace Quanta.Core;

/// <summary>Runs passes one after another, verifying the graph after each.</summary>
public static class GraphPasses
{
    /// <summary>
    /// Runs <paramref name="passes"/> in order. After each pass the graph is verified and, when
    /// the pass changed it, shapes and types are inferred again so the next pass sees them.
    /// </summary>
    /// <param name="graph">The graph, edited in place.</param>
    /// <param name="opset">The model's default-domain opset (for shape inference).</param>
    /// <param name="passes">The passes.</param>
    /// <returns>One report per pass.</returns>
    /// <exception cref="GraphValidationException">A pass left an invalid graph; the message names the pass.</exception>
    public static IReadOnlyList<PassReport> Run(Graph graph, long opset, IEnumerable<IGraphPass> passes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(passes);
        var reports = new List<PassReport>();
        foreach (var pass in passes)
        {
            int rewrites = pass.Run(graph);
            try
            {
                GraphVerifier.Verify(graph);
                if (rewrites > 0) GraphShapeInference.Run(graph, opset);
            }
            catch (GraphValidationException e)
            {
                throw new GraphValidationException($"after pass {pass.Name}: {e.Message}");
            }
            reports.Add(new PassReport(pass.Name, rewrites));
        }
        return reports;
    }

    /// <summary>
    /// The passes that prepare a float ONNX-domain graph for quantization, in order: constant
    /// folding, Identity/Dropout removal, BatchNormalization folding, fully-connected
    /// recognition, constant folding again (for what the rewrites exposed), dead code removal.
    /// </summary>
    /// <param name="evaluator">Runs a node on constant inputs (the runtime's kernels).</param>
    public static IReadOnlyList<IGraphPass> Preparation(INodeEvaluator evaluator) =>
    [
        new ConstantFolding(evaluator),
        new IdentityElimination(),
        new BatchNormFolding(),
        new FullyConnectedRecognition(),
        new ConstantFolding(evaluator),
        new DeadCodeElimination(),
    ];
}
