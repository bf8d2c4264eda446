namespace Quanta.Kernels;

/// <summary>How a pad fills the new border.</summary>
public enum PadMode
{
    /// <summary>A constant value (ONNX constant, TFLite PAD/PADV2).</summary>
    Constant,
    /// <summary>Mirror without repeating the edge: <c>c b | a b c | b a</c> (ONNX reflect, TFLite MIRROR_PAD REFLECT).</summary>
    Reflect,
    /// <summary>Mirror repeating the edge: <c>b a | a b c | c b</c> (TFLite MIRROR_PAD SYMMETRIC).</summary>
    Symmetric,
    /// <summary>Repeat the edge element: <c>a a | a b c | c c</c> (ONNX edge).</summary>
    Edge,
}

/// <summary>
/// A pad (or crop, for negative amounts) of a tensor of any element type, prepared once for fixed
/// shapes. Constant mode fills the output with the value and copies the input's surviving box into
/// place; the mirror and edge modes map every output coordinate to an input coordinate.
/// </summary>
public sealed class PadReference
{
    private readonly PadMode _mode;
    private readonly AxisMapCopy _copy;

    /// <summary>Prepares a pad of <paramref name="input"/> by (<paramref name="before"/>, <paramref name="after"/>) per axis.</summary>
    /// <exception cref="ArgumentException">A mirror or edge pad of an empty axis, or a negative output size.</exception>
    public PadReference(int elementSize, ReadOnlySpan<int> input, ReadOnlySpan<long> before, ReadOnlySpan<long> after, PadMode mode)
    {
        int rank = input.Length;
        var output = new int[rank];
        for (int a = 0; a < rank; a++)
        {
            long d = input[a] + before[a] + after[a];
            if (d < 0) throw new ArgumentException($"axis {a} of size {input[a]} padded by ({before[a]}, {after[a]}) is negative");
            output[a] = checked((int)d);
        }
        _mode = mode;
        var inStrides = AxisMapCopy.DenseStrides(input);
        var outStrides = AxisMapCopy.DenseStrides(output);
        var maps = new long[rank][];
        if (mode == PadMode.Constant)
        {
            // Output coordinate o reads input o − before; keep the o for which both are in range.
            var dims = new int[rank];
            long dstBase = 0;
            for (int a = 0; a < rank; a++)
            {
                long lo = Math.Max(0, before[a]), hi = Math.Min(output[a], before[a] + input[a]);
                dims[a] = (int)Math.Max(0, hi - lo);
                maps[a] = AxisMapCopy.Affine(dims[a], lo - before[a], 1, inStrides[a]);
                dstBase += lo * outStrides[a];
            }
            _copy = new AxisMapCopy(elementSize, dims, maps, outStrides, dstBase);
            return;
        }
        for (int a = 0; a < rank; a++)
        {
            if (input[a] == 0 && output[a] > 0)
                throw new ArgumentException($"cannot {mode}-pad the empty axis {a}");
            maps[a] = new long[output[a]];
            for (int o = 0; o < output[a]; o++) maps[a][o] = Fold(o - before[a], input[a], mode) * inStrides[a];
        }
        _copy = new AxisMapCopy(elementSize, output, maps, outStrides);
    }

    /// <summary>Pads <paramref name="source"/> into <paramref name="destination"/> (raw element
    /// bytes); <paramref name="constant"/> is one element's bytes, used in constant mode.</summary>
    public void Run(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<byte> constant)
    {
        if (_mode == PadMode.Constant) RowCopy.Fill(destination, constant);
        _copy.Run(source, destination);
    }

    /// <summary>The input index that output index <paramref name="i"/> (relative to the input's
    /// start, so possibly negative or ≥ n) reads in a mirror or edge pad; mirrors repeat for pads
    /// longer than the axis, as numpy's do.</summary>
    public static long Fold(long i, int n, PadMode mode)
    {
        switch (mode)
        {
            case PadMode.Edge:
                return Math.Clamp(i, 0, n - 1);
            case PadMode.Reflect:
                {
                    if (n == 1) return 0;
                    long period = 2L * (n - 1);
                    long m = ((i % period) + period) % period;
                    return m < n ? m : period - m;
                }
            case PadMode.Symmetric:
                {
                    long period = 2L * n;
                    long m = ((i % period) + period) % period;
                    return m < n ? m : period - 1 - m;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a mirror or edge mode");
        }
    }
}
