namespace Quanta.Core;

/// <summary>ONNX Transpose: output axis i is input axis perm[i] (perm defaults to reversing the axes).</summary>
public sealed class TransposeSchema() : TensorOpSchema(OpDomains.Onnx, "Transpose")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        if (x.Shape is null)
        {
            SetMoved(context, null);
            return;
        }
        var perm = Permutation(context.Node, context.Attributes.GetInts("perm"), x.Shape.Rank);
        context.SetOutput(0, x.Type, Permute(x.Shape, perm), null, PermuteQuant(x.Quant, perm));
    }

    /// <summary>Checks a permutation of [0, rank) (null: the reversal).</summary>
    /// <exception cref="GraphValidationException">Not a permutation of the axes.</exception>
    public static int[] Permutation(Node node, long[]? perm, int rank)
    {
        if (perm is null) return Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank)
            throw TensorArgs.Invalid(node, $"perm [{string.Join(",", perm)}] has {perm.Length} entries for an input of rank {rank}");
        return TensorArgs.Axes(node, perm, rank, "perm");
    }

    /// <summary>The transposed shape.</summary>
    public static Shape Permute(Shape x, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(perm);
        return new Shape(perm.Select(p => x[p]).ToArray());
    }

    /// <summary>Quantization after transposing: a per-axis axis moves with its axis.</summary>
    public static QuantParams? PermuteQuant(QuantParams? quant, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        if (quant?.Axis is not int axis) return quant;
        return new QuantParams(quant.Scales.ToArray(), quant.ZeroPoints.ToArray(), Array.IndexOf(perm, axis));
    }
}
