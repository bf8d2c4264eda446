namespace Quanta.Core;

/// <summary>One axis of a slice: where it starts in the input, its step, and how many elements it takes.</summary>
/// <param name="Start">First input index (meaningful when <paramref name="Count"/> &gt; 0).</param>
/// <param name="Step">Input index step (negative walks backwards).</param>
/// <param name="Count">Output size along the axis, or <see cref="Shape.Unknown"/>.</param>
public readonly record struct SliceAxis(long Start, long Step, int Count);

/// <summary>ONNX Slice (opset 13): starts, ends, axes and steps resolved against the input shape.</summary>
public static class SliceRule
{
    /// <summary>
    /// Resolves one axis of size <paramref name="dim"/> as ONNX defines it: negative start/end
    /// count from the end; then, for a positive step, both clamp to [0, dim]; for a negative step,
    /// start clamps to [0, dim − 1] and end to [−1, dim − 1]; the count is ⌈(end − start)/step⌉, at least 0.
    /// </summary>
    public static SliceAxis ResolveAxis(int dim, long start, long end, long step)
    {
        if (dim == Shape.Unknown) return new SliceAxis(0, step, Shape.Unknown);
        if (start < 0) start += dim;
        if (end < 0) end += dim;
        if (step > 0)
        {
            start = Math.Clamp(start, 0, dim);
            end = Math.Clamp(end, 0, dim);
        }
        else
        {
            start = Math.Clamp(start, 0, Math.Max(dim - 1, 0));
            end = Math.Clamp(end, -1, dim - 1);
        }
        long span = end - start;
        long count = step > 0 ? (span + step - 1) / step : (span + step + 1) / step;
        return new SliceAxis(start, step, (int)Math.Max(count, 0));
    }

    /// <summary>Resolves every axis of <paramref name="input"/> (axes not sliced are taken whole).</summary>
    /// <param name="node">The node, for messages.</param>
    /// <param name="input">The input shape (rank known).</param>
    /// <param name="starts">The starts input.</param>
    /// <param name="ends">The ends input.</param>
    /// <param name="axes">The axes input, or null for 0 … n−1.</param>
    /// <param name="steps">The steps input, or null for all ones.</param>
    /// <exception cref="GraphValidationException">Lengths differ, an axis is out of range or repeated, or a step is 0.</exception>
    public static SliceAxis[] Resolve(Node node, Shape input, long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(ends);
        int n = starts.Length;
        if (ends.Length != n || (axes is not null && axes.Length != n) || (steps is not null && steps.Length != n))
            throw TensorArgs.Invalid(node, $"starts ({n}), ends ({ends.Length}), axes ({axes?.Length}) and steps ({steps?.Length}) must have the same length");
        var normalized = TensorArgs.Axes(node, axes ?? Enumerable.Range(0, n).Select(i => (long)i).ToArray(), input.Rank);
        var result = new SliceAxis[input.Rank];
        for (int a = 0; a < result.Length; a++) result[a] = new SliceAxis(0, 1, input[a]);
        for (int k = 0; k < n; k++)
        {
            long step = steps?[k] ?? 1;
            if (step == 0) throw TensorArgs.Invalid(node, $"step {k} is 0");
            result[normalized[k]] = ResolveAxis(input[normalized[k]], starts[k], ends[k], step);
        }
        return result;
    }
}
