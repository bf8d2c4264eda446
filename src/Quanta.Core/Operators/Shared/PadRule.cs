namespace Quanta.Core;

/// <summary>Padding amounts per axis, from ONNX's or TFLite's layout.</summary>
public static class PadRule
{
    /// <summary>
    /// ONNX Pad's <c>pads</c>: all begins, then all ends (<c>[x1_begin, x2_begin, …, x1_end, x2_end, …]</c>),
    /// for every axis or, with opset 18's <c>axes</c>, for the listed ones. Negative pads crop.
    /// </summary>
    /// <exception cref="GraphValidationException">The lengths do not match the rank or the axes.</exception>
    public static (long[] Before, long[] After) FromOnnx(Node node, int rank, long[] pads, long[]? axes)
    {
        ArgumentNullException.ThrowIfNull(pads);
        var listed = axes is null ? Enumerable.Range(0, rank).ToArray() : TensorArgs.Axes(node, axes, rank);
        if (pads.Length != 2 * listed.Length)
            throw TensorArgs.Invalid(node, $"pads has {pads.Length} values; expected {2 * listed.Length} (begin and end for {listed.Length} axes)");
        var before = new long[rank];
        var after = new long[rank];
        for (int k = 0; k < listed.Length; k++)
        {
            before[listed[k]] = pads[k];
            after[listed[k]] = pads[k + listed.Length];
        }
        return (before, after);
    }

    /// <summary>TFLite's <c>paddings</c>: a <c>[rank, 2]</c> tensor of (before, after) per axis, all ≥ 0.</summary>
    /// <exception cref="GraphValidationException">Wrong length or a negative padding.</exception>
    public static (long[] Before, long[] After) FromTflite(Node node, int rank, long[] paddings)
    {
        ArgumentNullException.ThrowIfNull(paddings);
        if (paddings.Length != 2 * rank)
            throw TensorArgs.Invalid(node, $"paddings has {paddings.Length} values; expected [{rank}, 2]");
        var before = new long[rank];
        var after = new long[rank];
        for (int a = 0; a < rank; a++)
        {
            before[a] = paddings[2 * a];
            after[a] = paddings[2 * a + 1];
            if (before[a] < 0 || after[a] < 0)
                throw TensorArgs.Invalid(node, $"paddings of axis {a} ({before[a]}, {after[a]}) are negative");
        }
        return (before, after);
    }

    /// <summary>The padded shape (unknown dimensions stay unknown).</summary>
    /// <exception cref="GraphValidationException">A dimension would become negative.</exception>
    public static Shape OutputShape(Node node, Shape input, long[] before, long[] after)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dims = new int[input.Rank];
        for (int a = 0; a < dims.Length; a++)
        {
            if (input[a] == Shape.Unknown) { dims[a] = Shape.Unknown; continue; }
            long d = input[a] + before[a] + after[a];
            if (d < 0) throw TensorArgs.Invalid(node, $"padding ({before[a]}, {after[a]}) leaves axis {a} of size {input[a]} negative");
            dims[a] = TensorArgs.Dim(node, d, "padded dimension");
        }
        return new Shape(dims);
    }
}
