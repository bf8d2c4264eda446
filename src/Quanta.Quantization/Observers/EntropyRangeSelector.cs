namespace Quanta.Quantization;

/// <summary>
/// Entropy calibration (TensorRT's, also ONNX Runtime's "entropy"): the threshold t whose
/// clipped and quantized distribution loses the least information, by Kullback–Leibler
/// divergence, relative to the observed one.
/// </summary>
/// <remarks>
/// Works on the histogram of magnitudes |x| (H bins of width w). For each candidate
/// i = n … H (n = the number of quantization levels available on [0, t]):
/// <list type="number">
/// <item>P = the first i bins, with every count beyond them added to bin i − 1 (clipping);</item>
/// <item>Q = the first i bins merged into n groups and spread back evenly over each group's
/// non-empty bins (what quantizing to n levels keeps);</item>
/// <item>both normalized and smoothed (empty bins get ε = 1e-4, taken evenly from the others), and
/// KL(P‖Q) = Σ p·ln(p/q).</item>
/// </list>
/// The threshold is t = i·w for the i of least divergence. n is half the levels when the data
/// has both signs (or the target is symmetric), all of them when it is one-sided (ReLU outputs
/// use every int8 code on [0, t]); exact zeros are left out of P, since zero is exact at any
/// threshold. When n ≥ H (int16) the histogram is too coarse to improve on
/// the full range, which is returned. The range is [max(min, −t), min(max, t)].
/// </remarks>
public sealed class EntropyRangeSelector : IHistogramRangeSelector
{
    private const double Epsilon = 1e-4;

    /// <inheritdoc/>
    public TensorRange Select(StreamingHistogram histogram, QuantTarget target)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var magnitudes = histogram.Magnitudes();
        // Exact zeros (half of a ReLU's outputs) are representable at every threshold. Left in,
        // their spike dominates P, and Q — which spreads each group's mass over its bins — is
        // closest to P when groups are one bin wide: the smallest threshold would always win.
        magnitudes[0] = Math.Max(0, magnitudes[0] - histogram.ZeroCount);
        bool oneSided = histogram.Min >= 0 || histogram.Max <= 0;
        int levels = target.Symmetric || !oneSided ? target.Levels / 2 : target.Levels;
        int i = BestBinCount(magnitudes, levels);
        double t = i * histogram.BinWidth;
        if (target.Symmetric) return new TensorRange((float)-t, (float)t);
        return new TensorRange((float)Math.Max(histogram.Min, -t), (float)Math.Min(histogram.Max, t));
    }

    /// <summary>The number of magnitude bins to keep (the i of least KL divergence), or all of
    /// them when there are no more bins than levels.</summary>
    internal static int BestBinCount(double[] magnitudes, int levels)
    {
        int last = magnitudes.Length;
        while (last > 0 && magnitudes[last - 1] == 0) last--;
        if (levels >= last) return last;
        var p = new double[last];
        var q = new double[last];
        double bestDivergence = double.PositiveInfinity;
        int best = last;
        double tail = 0;
        for (int k = levels; k < last; k++) tail += magnitudes[k];
        for (int i = levels; i <= last; i++)
        {
            // tail holds Σ magnitudes[i..last).
            Array.Copy(magnitudes, p, i);
            p[i - 1] += tail;
            Quantize(magnitudes, i, levels, q);
            double divergence = Divergence(p.AsSpan(0, i), q.AsSpan(0, i));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                best = i;
            }
            if (i < last) tail -= magnitudes[i];
        }
        return best;
    }

    /// <summary>The first <paramref name="i"/> bins merged into <paramref name="levels"/> groups,
    /// each group's total spread evenly over its non-empty bins.</summary>
    private static void Quantize(double[] bins, int i, int levels, double[] q)
    {
        for (int g = 0; g < levels; g++)
        {
            int start = (int)((long)g * i / levels), stop = (int)((long)(g + 1) * i / levels);
            double total = 0;
            int nonEmpty = 0;
            for (int k = start; k < stop; k++)
            {
                total += bins[k];
                if (bins[k] > 0) nonEmpty++;
            }
            double share = nonEmpty > 0 ? total / nonEmpty : 0;
            for (int k = start; k < stop; k++) q[k] = bins[k] > 0 ? share : 0;
        }
    }

    /// <summary>KL(P‖Q) of the normalized, smoothed distributions.</summary>
    internal static double Divergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var ps = Smooth(p);
        var qs = Smooth(q);
        if (ps is null || qs is null) return double.PositiveInfinity;
        double kl = 0;
        for (int k = 0; k < ps.Length; k++)
        {
            if (ps[k] > 0) kl += ps[k] * Math.Log(ps[k] / qs[k]);
        }
        return kl;
    }

    /// <summary>Normalizes and gives each empty bin ε, taken evenly from the non-empty ones;
    /// null when the distribution is empty or too sparse to give ε away.</summary>
    private static double[]? Smooth(ReadOnlySpan<double> d)
    {
        double total = 0;
        int empty = 0;
        foreach (double v in d)
        {
            total += v;
            if (v <= 0) empty++;
        }
        int nonEmpty = d.Length - empty;
        if (total <= 0 || nonEmpty == 0) return null;
        double taken = empty > 0 ? Epsilon * empty / nonEmpty : 0;
        var result = new double[d.Length];
        for (int k = 0; k < d.Length; k++)
        {
            double v = d[k] / total;
            result[k] = v > 0 ? v - taken : Epsilon;
            if (result[k] <= 0) return null;
        }
        return result;
    }
}
