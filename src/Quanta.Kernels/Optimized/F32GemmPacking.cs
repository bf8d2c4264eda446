namespace Quanta.Kernels;

/// <summary>
/// Packs weights once, at kernel creation, into the panels the float GEMM microkernels read:
/// per panel of NR output columns, NR biases, then K rows of NR weights; columns past N are
/// zero, so a partial last panel computes zeros that are never stored. The result is pinned and cache-line aligned, so
/// kernels keep a raw pointer to it.
/// </summary>
public static class F32GemmPacking
{
    /// <summary>Packs weights given one output per row (<c>weights[n·K + k]</c>: OHWI convolution
    /// filters, FULLY_CONNECTED [units, depth]) and a bias per output (empty for none).</summary>
    /// <param name="weights">N × K weights.</param>
    /// <param name="bias">N biases, or empty.</param>
    /// <param name="n">Outputs (columns of C).</param>
    /// <param name="k">Reduction length.</param>
    /// <param name="nr">Columns per panel.</param>
    /// <returns>A cache-line-aligned buffer of <see cref="PackedLength"/> floats.</returns>
    public static AlignedFloats PackRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int n, int k, int nr)
    {
        if (weights.Length < (long)n * k) throw new ArgumentException($"{weights.Length} weights for {n} × {k}", nameof(weights));
        var buffer = new AlignedFloats(PackedLength(n, k, nr));
        var packed = buffer.Span;
        int offset = 0;
        for (int n0 = 0; n0 < n; n0 += nr)
        {
            int width = Math.Min(nr, n - n0);
            for (int j = 0; j < width; j++) packed[offset + j] = bias.IsEmpty ? 0f : bias[n0 + j];
            offset += nr;
            for (int kk = 0; kk < k; kk++)
            {
                for (int j = 0; j < width; j++) packed[offset + j] = weights[(n0 + j) * k + kk];
                offset += nr;
            }
        }
        return buffer;
    }

    /// <summary>Floats of the packed form of N × K weights in panels of <paramref name="nr"/>.</summary>
    public static int PackedLength(int n, int k, int nr) => checked((n + nr - 1) / nr * nr * (k + 1));
}
