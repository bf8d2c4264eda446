namespace Quanta.Core;

/// <summary>The target shape of ONNX Reshape and TFLite RESHAPE.</summary>
public static class ReshapeRule
{
    /// <summary>
    /// Resolves a requested shape against the input's: −1 is inferred from the element count, and
    /// (ONNX, unless <paramref name="allowZero"/>) 0 copies the input's dimension at that index.
    /// Dimensions that cannot be known yet (a dynamic batch) stay unknown.
    /// </summary>
    /// <param name="node">The node, for messages.</param>
    /// <param name="input">The input's shape, or null when its rank is unknown.</param>
    /// <param name="requested">The requested shape.</param>
    /// <param name="zeroCopies">True for ONNX semantics (0 copies a dimension unless allowzero); false for TFLite (0 is 0).</param>
    /// <param name="allowZero">ONNX's allowzero: 0 means an empty dimension.</param>
    /// <exception cref="GraphValidationException">More than one −1, a dimension below −1, 0 copying
    /// past the input's rank, or element counts that cannot match.</exception>
    public static Shape Resolve(Node node, Shape? input, IReadOnlyList<long> requested, bool zeroCopies, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var dims = new int[requested.Count];
        int inferAt = -1;
        for (int i = 0; i < dims.Length; i++)
        {
            long d = requested[i];
            if (d == -1)
            {
                if (inferAt >= 0) throw TensorArgs.Invalid(node, $"shape [{string.Join(",", requested)}] has more than one -1");
                inferAt = i;
                dims[i] = Shape.Unknown;
            }
            else if (d == 0 && zeroCopies && !allowZero)
            {
                if (input is not null && i >= input.Rank)
                    throw TensorArgs.Invalid(node, $"shape [{string.Join(",", requested)}] copies dimension {i} (0), but the input {input} has rank {input.Rank}");
                dims[i] = input is null ? Shape.Unknown : input[i];
            }
            else
            {
                if (d < 0) throw TensorArgs.Invalid(node, $"shape [{string.Join(",", requested)}] has the invalid dimension {d}");
                dims[i] = TensorArgs.Dim(node, d, "shape dimension");
            }
        }
        long total = input?.ElementCount ?? Shape.Unknown;
        if (inferAt >= 0)
        {
            if (allowZero && Array.IndexOf(dims, 0) >= 0)
                throw TensorArgs.Invalid(node, $"shape [{string.Join(",", requested)}] has both -1 and 0 with allowzero = 1");
            dims[inferAt] = InferMissing(node, dims, inferAt, input, copied: i => zeroCopies && !allowZero && requested[i] == 0);
        }
        var shape = new Shape(dims);
        if (total >= 0 && shape.IsFullyKnown && shape.ElementCount != total)
            throw TensorArgs.Invalid(node, $"cannot reshape {input} ({total} elements) to {shape} ({shape.ElementCount} elements)");
        return shape;
    }

    // −1 = (input elements) / (other output elements). Dimensions copied by 0 appear on both
    // sides and cancel, so [?, 3, 4] → [0, −1] infers 12 although the batch is unknown.
    private static int InferMissing(Node node, int[] dims, int inferAt, Shape? input, Func<int, bool> copied)
    {
        if (input is null) return Shape.Unknown;
        long inner = 1, outer = 1;
        for (int i = 0; i < input.Rank; i++)
        {
            if (i < dims.Length && copied(i)) continue;
            if (input[i] == Shape.Unknown) return Shape.Unknown;
            inner *= input[i];
        }
        for (int i = 0; i < dims.Length; i++)
        {
            if (i == inferAt || copied(i)) continue;
            if (dims[i] == Shape.Unknown) return Shape.Unknown;
            outer *= dims[i];
        }
        if (outer == 0)
        {
            if (inner == 0) return 0; // any size fits an empty tensor; ONNX and numpy choose 0
            throw TensorArgs.Invalid(node, $"cannot infer -1 for {input}: the other dimensions hold no elements");
        }
        if (inner % outer != 0)
            throw TensorArgs.Invalid(node, $"cannot reshape {input} into dimensions whose known product is {outer}");
        return TensorArgs.Dim(node, inner / outer, "inferred dimension");
    }
}
