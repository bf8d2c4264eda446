using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Removes Cast nodes whose input already has the target type (torch 1.13 writes Cast(to=UINT8)
/// between a uint8 QuantizeLinear and its DequantizeLinear): their readers read the input instead.
/// Casts that produce a graph output are kept, so the model's outputs keep their names.
/// </summary>
internal static class IdentityCastElimination
{
    /// <summary>Removes the identity casts; returns how many.</summary>
    public static int Run(Graph graph)
    {
        int removed = 0;
        foreach (var cast in graph.Nodes.Where(n => n is { Domain: "", OpType: "Cast" }).ToList())
        {
            var input = cast.Inputs[0];
            var output = cast.Outputs[0];
            if (input is null || input.Type == DataType.Undefined || graph.Outputs.Contains(output)) continue;
            if (cast.Attributes.Find("to") is not { Kind: AttributeKind.Int } to || (DataType)(long)to.Value != input.Type) continue;
            graph.ReplaceAllUses(output, input);
            graph.RemoveNode(cast);
            removed++;
        }
        return removed;
    }
}
