using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Folds the constant subgraphs that feed QuantizeLinear/DequantizeLinear inputs (torch 1.13 computes
/// bias zero points as ConstantOfShape → Cast and passes initializers through Identity), so that the
/// QDQ patterns see constants. Each node runs once through its own kernel, as the plan compiler's
/// folding does; Q/DQ nodes themselves are never folded (the patterns need DQ(constant weights)).
/// </summary>
internal static class QdqConstantFolding
{
    /// <summary>Folds; returns the number of nodes replaced by constants.</summary>
    public static int Run(Graph graph, long opset, SessionOptions options)
    {
        // Nodes computable from constants alone, in order.
        var computable = new HashSet<Node>();
        foreach (var node in graph.Nodes)
        {
            if (IsQdq(node) || node.Inputs.Count == 0) continue;
            if (node.Inputs.TrueForAll(v => v is null || v.IsConstant || (v.Producer is { } p && computable.Contains(p))))
                computable.Add(node);
        }
        // Of those, the ones a Q or DQ node needs.
        var needed = new HashSet<Node>();
        var work = new Stack<Node>();
        foreach (var node in graph.Nodes.Where(IsQdq))
        {
            foreach (var v in node.Inputs)
            {
                if (v?.Producer is { } p && computable.Contains(p) && needed.Add(p)) work.Push(p);
            }
        }
        while (work.Count > 0)
        {
            foreach (var v in work.Pop().Inputs)
            {
                if (v?.Producer is { } p && computable.Contains(p) && needed.Add(p)) work.Push(p);
            }
        }
        int folded = 0;
        foreach (var node in graph.Nodes.Where(needed.Contains).ToList())
        {
            // A producer that failed to fold leaves its readers unfoldable.
            if (node.Inputs.TrueForAll(v => v is null || v.IsConstant) && TryFold(graph, node, opset, options)) folded++;
        }
        return folded;
    }

    private static bool IsQdq(Node node) => node.Domain.Length == 0 && node.OpType is "QuantizeLinear" or "DequantizeLinear";

    private static bool TryFold(Graph graph, Node node, long opset, SessionOptions options)
    {
        Tensor[] results;
        try
        {
            var inInfo = node.Inputs.Select(v => v is null ? null : ValueInfo.Of(v)).ToArray();
            var outInfo = PlanCompiler.InferOutputs(node, inInfo, opset);
            if (!Array.TrueForAll(outInfo, o => o.Data is not null))
            {
                var (_, kernel) = PlanCompiler.Bind(node, inInfo, outInfo, options, opset);
                outInfo = PlanCompiler.Fold(kernel, inInfo, outInfo);
            }
            results = outInfo.Select(o => o.Data!).ToArray();
        }
        catch (QuantaException)
        {
            // Leave the node to the plan compiler, which reports the problem with the whole plan's context.
            return false;
        }
        graph.RemoveNode(node);
        for (int i = 0; i < results.Length; i++)
        {
            var v = node.Outputs[i];
            v.Constant = results[i];
            v.Type = results[i].Type;
            v.Shape = results[i].Shape;
        }
        return true;
    }
}
