namespace Quanta.Core;

/// <summary>One axis of a TFLite strided slice after its masks were applied.</summary>
/// <param name="InputAxis">The input axis it walks, or −1 for an axis added by new_axis_mask.</param>
/// <param name="Start">First input index.</param>
/// <param name="Stride">Input index stride.</param>
/// <param name="Count">Number of indices walked, or <see cref="Shape.Unknown"/>.</param>
/// <param name="Shrink">True when the axis is dropped from the output (shrink_axis_mask; Count is 1).</param>
public readonly record struct StridedSliceAxis(int InputAxis, int Start, int Stride, int Count, bool Shrink);

/// <summary>
/// TFLite STRIDED_SLICE's index logic, as tensorflow/lite/kernels/strided_slice.cc and
/// kernels/internal/strided_slice_logic.h define it: the ellipsis and new-axis masks are first
/// expanded into an "effective" input of rank rank(input) + #new axes with per-axis begin/end
/// masks; then each axis's start and end are made non-negative, clamped ([0, n] forward,
/// [−1, n−1] backward), overridden by the masks, and walked while index &lt; end (forward) or
/// index &gt; end (backward). The integer conformance goldens depend on these exact rules.
/// </summary>
public static class StridedSliceRule
{
    /// <summary>The masks and flags of a STRIDED_SLICE node.</summary>
    /// <param name="BeginMask">Bit i: ignore begin[i], start at the first index in the walking direction.</param>
    /// <param name="EndMask">Bit i: ignore end[i], walk to the last index.</param>
    /// <param name="EllipsisMask">Bit i: spec i stands for as many full axes as needed.</param>
    /// <param name="NewAxisMask">Bit i: spec i inserts a size-1 axis.</param>
    /// <param name="ShrinkAxisMask">Bit i: take the single index begin[i] and drop the axis.</param>
    /// <param name="Offset">end[i] is a size relative to begin[i].</param>
    public readonly record struct Masks(int BeginMask, int EndMask, int EllipsisMask, int NewAxisMask, int ShrinkAxisMask, bool Offset);

    /// <summary>Resolves the slice for an input of shape <paramref name="input"/> (unknown
    /// dimensions give unknown counts).</summary>
    /// <exception cref="GraphValidationException">The spec lengths differ, a stride is 0, the specs
    /// reach past the input's rank, or a shrunk index lies outside its axis.</exception>
    public static StridedSliceAxis[] Resolve(Node node, Shape input, long[] begin, long[] end, long[] strides, Masks m)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(strides);
        int specs = begin.Length;
        if (end.Length != specs || strides.Length != specs)
            throw TensorArgs.Invalid(node, $"begin ({specs}), end ({end.Length}) and strides ({strides.Length}) must have the same length");
        int rank = input.Rank;

        int addedAxes = 0;
        for (int i = 0; i < specs; i++)
        {
            if (!Bit(m.EllipsisMask, i) && Bit(m.NewAxisMask, i)) addedAxes++;
        }
        int dims = rank + addedAxes;

        // Expand the ellipsis (and shift the new-axis bits that follow it) onto effective axes.
        long ellipsisMask = 0, newAxisMask = 0;
        int ellipsisStart = dims, expanded = 0;
        for (int i = 0; i < dims;)
        {
            if (Bit(m.EllipsisMask, i))
            {
                ellipsisStart = i;
                int ellipsisEnd = Math.Max(i + 1, Math.Min(i + 1 + addedAxes + rank - specs, dims));
                expanded = ellipsisEnd - ellipsisStart - 1;
                for (; i < ellipsisEnd; i++) ellipsisMask |= 1L << i;
                continue;
            }
            if (Bit(m.NewAxisMask, i - expanded)) newAxisMask |= 1L << i;
            i++;
        }

        var result = new StridedSliceAxis[dims];
        int added = 0, addedEllipsis = 0;
        for (int i = 0; i < dims; i++)
        {
            int inputAxis = i - added;
            if ((ellipsisMask >> i & 1) != 0)
            {
                addedEllipsis = Math.Max(0, i - ellipsisStart);
                result[i] = Walk(node, input, inputAxis, 0, 0, 1, beginMasked: true, endMasked: true, shrink: false, m.Offset);
            }
            else if ((newAxisMask >> i & 1) != 0)
            {
                result[i] = new StridedSliceAxis(-1, 0, 1, 1, false);
                added++;
            }
            else if (i >= specs + expanded)
            {
                result[i] = Walk(node, input, inputAxis, 0, 0, 1, beginMasked: true, endMasked: true, shrink: false, m.Offset);
            }
            else
            {
                int spec = i - addedEllipsis;
                if (strides[spec] == 0) throw TensorArgs.Invalid(node, $"stride {spec} is 0");
                result[i] = Walk(node, input, inputAxis, begin[spec], end[spec], strides[spec],
                    Bit(m.BeginMask, spec), Bit(m.EndMask, spec), Bit(m.ShrinkAxisMask, spec), m.Offset);
            }
        }
        return result;
    }

    /// <summary>The output shape: the counts of the axes not shrunk.</summary>
    public static Shape OutputShape(IEnumerable<StridedSliceAxis> axes) =>
        new(axes.Where(a => !a.Shrink).Select(a => a.Count).ToArray());

    private static StridedSliceAxis Walk(Node node, Shape input, int inputAxis, long begin, long end, long stride,
        bool beginMasked, bool endMasked, bool shrink, bool offset)
    {
        if (inputAxis < 0 || inputAxis >= input.Rank)
            throw TensorArgs.Invalid(node, $"the slice specs address axis {inputAxis} of an input of rank {input.Rank}");
        int size = input[inputAxis];
        int stride32 = checked((int)stride);
        if (size == Shape.Unknown) return new StridedSliceAxis(inputAxis, 0, stride32, shrink ? 1 : Shape.Unknown, shrink);

        // StridedSliceStartForAxis: wrap negatives, clamp by direction, then the mask overrides.
        long start = begin < 0 ? begin + size : begin;
        start = stride > 0 ? Math.Clamp(start, 0, size) : Math.Clamp(start, -1, size - 1);
        if (beginMasked) start = stride > 0 ? 0 : size - 1;

        // StridedSliceEndForAxis: a shrunk axis takes exactly one index.
        long stop;
        if (shrink)
        {
            if (start >= size || start < 0)
                throw TensorArgs.Invalid(node, $"shrunk index {begin} is outside axis {inputAxis} of size {size}");
            stop = start + 1;
        }
        else
        {
            stop = offset ? end + start : end;
            if (stop < 0) stop += size;
            stop = stride > 0 ? Math.Clamp(stop, 0, size) : Math.Clamp(stop, -1, size - 1);
            if (endMasked) stop = stride > 0 ? size : -1;
        }
        // A shrunk axis yields its one index whatever the stride's sign (TFLite's loop would yield
        // none for a negative stride, leaving the output unwritten; converters never emit that).
        if (shrink) return new StridedSliceAxis(inputAxis, (int)start, stride32, 1, true);
        // The reference loop runs while index < stop (forward) or index > stop (backward).
        long span = stop - start;
        long count = stride > 0 ? (span + stride - 1) / stride : (span + stride + 1) / stride;
        return new StridedSliceAxis(inputAxis, (int)start, stride32, (int)Math.Max(count, 0), shrink);
    }

    private static bool Bit(int mask, int i) => i >= 0 && i < 32 && (mask >> i & 1) != 0;
}
