namespace Quanta.Core;

/// <summary>
/// Replaces every node whose inputs are all constants by the constants it computes, running the
/// node through an <see cref="INodeEvaluator"/>.
/// </summary>
/// <remarks>
/// Quantization markers are kept even on constant inputs: a DequantizeLinear of int8 weights or a
/// Cast of float16 weights to float is how quantized and half-precision models store their weights,
/// and folding them would turn the weights back into float32. Nodes without inputs (random
/// generators) are kept too.
/// </remarks>
public sealed class ConstantFolding : IGraphPass
{
    private readonly INodeEvaluator _evaluator;
    private readonly Func<Node, bool> _keep;

    /// <summary>Creates the pass.</summary>
    /// <param name="evaluator">Computes folded values.</param>
    /// <param name="keep">Nodes never to fold; defaults to <see cref="IsStorageMarker"/>.</param>
    public ConstantFolding(INodeEvaluator evaluator, Func<Node, bool>? keep = null)
    {
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
        _keep = keep ?? IsStorageMarker;
    }

    /// <inheritdoc/>
    public string Name => "constant-folding";

    /// <summary>True for the nodes that mark how weights are stored (quantize/dequantize, and a
    /// Cast or DEQUANTIZE from float16), which folding would undo.</summary>
    public static bool IsStorageMarker(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (node.Domain, node.OpType) switch
        {
            ("", "QuantizeLinear" or "DequantizeLinear" or "DynamicQuantizeLinear") => true,
            ("", "Cast") => node.InputOrNull(0)?.Type == DataType.Float16,
            (OpDomains.Tflite, "QUANTIZE" or "DEQUANTIZE") => true,
            _ => false,
        };
    }

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int folded = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            if (node.Inputs.Count == 0 || _keep(node)) continue;
            if (!node.Inputs.TrueForAll(v => v is null || v.IsConstant)) continue;
            if (node.Inputs.TrueForAll(v => v is null)) continue;
            var results = _evaluator.Evaluate(node, node.Inputs.Select(v => v?.Constant).ToList());
            if (results is null || results.Count != node.Outputs.Count) continue;
            graph.RemoveNode(node);
            for (int i = 0; i < results.Count; i++)
            {
                var output = node.Outputs[i];
                output.Type = results[i].Type;
                output.Shape = results[i].Shape;
                output.Quant = results[i].Quant;
                output.Constant = results[i];
            }
            folded++;
        }
        if (folded > 0) graph.RemoveDeadCode();
        return folded;
    }
}
