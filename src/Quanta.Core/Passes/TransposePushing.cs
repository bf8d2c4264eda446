namespace Quanta.Core;

/// <summary>
/// Moves Transposes towards the graph's outputs through ops that do not care about layout, and
/// removes them where two meet. Rules, applied in one sweep over the nodes in order until nothing
/// changes:
/// <list type="bullet">
/// <item><b>push</b>: an element-wise op (or Concat, or Pad with constant pads) whose data inputs
/// are all <c>Transpose(·, P)</c> with the same P, constants or single elements runs on the
/// untransposed values instead (constants transposed by P⁻¹ at compile time, a Concat's axis and
/// a Pad's pads permuted), and one <c>Transpose(·, P)</c> follows it;</item>
/// <item><b>cancel</b>: <c>Transpose(Transpose(x, P), Q)</c> is x when Q∘P is the identity (an
/// Identity when it is a graph output), else one Transpose;</item>
/// <item><b>reshape</b>: a Flatten or Reshape of a Transpose that keeps the memory order (it only
/// moves axes of size 1, like NHWC [N, 1, 1, C] → NCHW) reads the Transpose's input instead.</item>
/// </list>
/// Transposes that nothing reads any more are removed by dead-code elimination afterwards.
/// </summary>
internal static class TransposePushing
{
    private static readonly HashSet<string> s_unary =
    [
        "Relu", "Clip", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus",
        "Softsign", "Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal", "Floor", "Ceil", "Round", "Erf", "Identity", "Sign",
        "Sin", "Cos", "Mish", "Gelu",
    ];

    private static readonly HashSet<string> s_broadcasting = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu"];

    /// <summary>Applies the rules until none applies; returns how many edits were made.</summary>
    public static int Run(Graph graph)
    {
        int total = 0;
        for (int round = 0; round < 64; round++)
        {
            int edits = Sweep(graph);
            graph.RemoveDeadCode();
            total += edits;
            if (edits == 0) break;
        }
        return total;
    }

    private static int Sweep(Graph graph)
    {
        int edits = 0;
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (node.Domain.Length != 0) continue;
            bool edited = node.OpType switch
            {
                "Transpose" => Cancel(graph, node),
                "Flatten" or "Reshape" => SkipOrderKeepingTranspose(node),
                _ => Push(graph, node),
            };
            if (edited) edits++;
        }
        return edits;
    }

    private static int[]? TransposeOf(Value? v) =>
        v?.Producer is { OpType: "Transpose", Domain: "" } t && t.Inputs[0]?.Shape is not null ? Permutation.Of(t) : null;

    private static bool Cancel(Graph graph, Node second)
    {
        if (second.Inputs[0] is not { Producer: { OpType: "Transpose", Domain: "" } first } || first.Inputs[0] is not { } x) return false;
        var p = Permutation.Of(first);
        var q = Permutation.Of(second);
        if (p is null || q is null || p.Length != q.Length) return false;
        var composed = Permutation.Compose(p, q);
        var output = second.Outputs[0];
        if (!Permutation.IsIdentity(composed))
        {
            var merged = GraphEdits.Rebuild(graph, second, [x], [output]);
            merged.Attributes.Set("perm", composed.Select(a => (long)a).ToArray());
            return true;
        }
        if (graph.Outputs.Contains(output))
        {
            GraphEdits.Replace(graph, second, "Identity", "", [x], [output]);
            return true;
        }
        graph.RemoveNode(second);
        graph.ReplaceAllUses(output, x);
        return true;
    }

    private static bool Push(Graph graph, Node node)
    {
        if (node.Outputs.Count != 1) return false;
        int[] data;
        if (s_unary.Contains(node.OpType) || node.OpType == "Pad") data = [0];
        else if (s_broadcasting.Contains(node.OpType) || node.OpType == "Concat") data = Enumerable.Range(0, node.Inputs.Count).ToArray();
        else return false;

        int[]? perm = null;
        foreach (int d in data)
        {
            if (TransposeOf(node.InputOrNull(d)) is { } p) { perm = p; break; }
        }
        if (perm is null) return false;
        var inverse = Permutation.Inverse(perm);
        var inputs = node.Inputs.ToList();
        foreach (int d in data)
        {
            var v = inputs[d];
            if (v is null) continue;
            if (TransposeOf(v) is { } p)
            {
                if (!Permutation.SameAs(p, perm)) return false;
                continue;
            }
            if (v.Shape is { } s && s.IsFullyKnown && s.ElementCount == 1 && s.Rank <= perm.Length) continue;
            if (v.Constant is not { } c || c.Shape.Rank > perm.Length || node.OpType == "Concat" && c.Shape.Rank != perm.Length) return false;
        }
        var attributes = new List<(string, AttributeValue)>();
        if (node.OpType == "Concat")
        {
            int axis = Shape.NormalizeAxis(node.Attributes.GetInt("axis"), perm.Length);
            attributes.Add(("axis", AttributeValue.Of((long)perm[axis])));
        }
        if (node.OpType == "Pad")
        {
            if (PermutedPads(graph, node, perm) is not { } pads) return false;
            inputs[1] = pads;
        }

        foreach (int d in data)
        {
            var v = inputs[d];
            if (v is null) continue;
            if (TransposeOf(v) is not null) inputs[d] = v.Producer!.Inputs[0];
            else if (v.Constant is { } c && c.ElementCount != 1) inputs[d] = GraphEdits.NewConstant(graph, $"{v.Name}/transposed", Permutation.Transpose(AlignRank(c, perm.Length), inverse));
        }
        var output = node.Outputs[0];
        var moved = GraphEdits.NewValue(graph, $"{output.Name}/untransposed", output.Type, output.Shape is { } os && os.Rank == perm.Length ? Permutation.Apply(os, inverse) : null);
        moved.Quant = output.Quant;
        var rebuilt = GraphEdits.Rebuild(graph, node, inputs, [moved]);
        foreach (var (name, value) in attributes) rebuilt.Attributes.Set(name, value);
        GraphEdits.TransposeAfter(graph, rebuilt, moved, perm, output, $"{rebuilt.Name}/transpose");
        return true;
    }

    /// <summary>A Pad's constant pads [b0…b(r−1), e0…e(r−1)] for the untransposed input: axis perm[i] gets axis i's.</summary>
    private static Value? PermutedPads(Graph graph, Node pad, int[] perm)
    {
        if (pad.InputOrNull(1) is not { Constant: { } pads } || pad.InputOrNull(3) is not null || pads.ElementCount != 2 * perm.Length) return null;
        var values = pads.ToInt64Array();
        var permuted = new long[values.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            permuted[perm[i]] = values[i];
            permuted[perm[i] + perm.Length] = values[i + perm.Length];
        }
        return GraphEdits.NewConstant(graph, $"{pad.Name}/pads_transposed", Tensor.Vector(permuted));
    }

    /// <summary>Right-aligns a broadcast operand to <paramref name="rank"/> axes (leading 1s), as broadcasting reads it.</summary>
    private static Tensor AlignRank(Tensor t, int rank)
    {
        if (t.Shape.Rank == rank) return t;
        var dims = Enumerable.Repeat(1, rank - t.Shape.Rank).Concat(t.Shape.Dims.ToArray()).ToArray();
        return t.Reshape(new Shape(dims));
    }

    /// <summary>Flatten/Reshape of an order-keeping Transpose reads the Transpose's input.</summary>
    private static bool SkipOrderKeepingTranspose(Node node)
    {
        if (node.Inputs[0] is not { Producer: { OpType: "Transpose", Domain: "" } t } transposed || t.Inputs[0] is not { Shape: { } xs } x) return false;
        if (Permutation.Of(t) is not { } perm || transposed.Shape is not { } ts || !Permutation.KeepsMemoryOrder(xs, perm)) return false;
        if (node.OpType == "Flatten")
        {
            int axis = Shape.NormalizeAxis(node.Attributes.GetInt("axis", 1), ts.Rank);
            if (!SameProduct(xs, ts, axis)) return false;
        }
        else if (node.InputOrNull(1) is not { Constant: { } target } || HasCopiedDims(target, xs, ts, node))
        {
            return false;
        }
        node.Inputs[0] = x;
        return true;
    }

    /// <summary>True when the leading <paramref name="axis"/> axes of both shapes hold the same number of elements.</summary>
    private static bool SameProduct(Shape a, Shape b, int axis)
    {
        // An unknown batch (axis 0) counts as equal when both shapes start with it.
        int start = a.Rank > 0 && b.Rank > 0 && a[0] == Shape.Unknown && b[0] == Shape.Unknown && axis > 0 ? 1 : 0;
        long pa = 1, pb = 1;
        for (int i = start; i < axis; i++)
        {
            if (a[i] == Shape.Unknown || b[i] == Shape.Unknown) return false;
            pa *= a[i];
            pb *= b[i];
        }
        return pa == pb;
    }

    /// <summary>True when the Reshape target copies an input axis (a 0 entry, allowzero = 0) that differs between the shapes.</summary>
    private static bool HasCopiedDims(Tensor target, Shape x, Shape t, Node reshape)
    {
        if (reshape.Attributes.GetInt("allowzero", 0) != 0) return false;
        var dims = target.ToInt64Array();
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] != 0) continue;
            if (i >= x.Rank || x[i] != t[i] || x[i] == Shape.Unknown && i != 0) return true;
        }
        return false;
    }
}
