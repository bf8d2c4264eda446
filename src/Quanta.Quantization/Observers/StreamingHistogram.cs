namespace Quanta.Quantization;

/// <summary>
/// A histogram of a stream of values with a fixed number of bins over a range symmetric around
/// zero, [−T, T], that doubles when a value falls outside it. Memory is the bin array only,
/// whatever the number of values.
/// </summary>
/// <remarks>
/// Doubling T merges bins exactly: with a bin count divisible by 4, old bins 2j and 2j+1 lie in
/// new bin B/4 + j (old edges −T + i·w are new edges −2T + (B/4 + i/2)·2w). So no count is
/// smeared across bins, unlike re-binning onto unrelated edges. Until a nonzero value arrives
/// T is 0 and zeros are only counted; they join the bin just above 0 when T is set. The exact
/// extremes are kept beside the bins.
/// </remarks>
public sealed class StreamingHistogram
{
    private readonly double[] _bins;
    private long _pendingZeros;

    /// <summary>Creates an empty histogram.</summary>
    /// <param name="binCount">Number of bins, a positive multiple of 4.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bin count is not a positive multiple of 4.</exception>
    public StreamingHistogram(int binCount = 4096)
    {
        if (binCount < 4 || binCount % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "must be a positive multiple of 4");
        _bins = new double[binCount];
    }

    /// <summary>The bin counts, from −T to T.</summary>
    public ReadOnlySpan<double> Bins => _bins;

    /// <summary>Number of bins (fixed).</summary>
    public int BinCount => _bins.Length;

    /// <summary>Half the covered range: bins span [−T, T]; 0 while only zeros were seen.</summary>
    public double Threshold { get; private set; }

    /// <summary>Width of one bin.</summary>
    public double BinWidth => 2 * Threshold / _bins.Length;

    /// <summary>Lowest finite value seen.</summary>
    public float Min { get; private set; } = float.PositiveInfinity;

    /// <summary>Highest finite value seen.</summary>
    public float Max { get; private set; } = float.NegativeInfinity;

    /// <summary>Number of finite values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Number of values exactly 0 (counted in the bin just above 0 as well). Zero is
    /// representable exactly at any range, so a range selector may leave these out.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>The lower edge of bin <paramref name="index"/>.</summary>
    public double Edge(int index) => -Threshold + index * BinWidth;

    /// <summary>Adds values; NaN and infinities are skipped.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        var (min, max) = MinMaxObserver.Extremes(values);
        if (min > max) return;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        double maxAbs = Math.Max(Math.Abs((double)min), Math.Abs((double)max));
        if (maxAbs > Threshold) Grow(maxAbs);
        if (Threshold == 0)
        {
            foreach (float v in values)
            {
                if (float.IsFinite(v)) _pendingZeros++;
            }
            Count = ZeroCount = _pendingZeros;
            return;
        }
        double scale = _bins.Length / (2 * Threshold);
        int last = _bins.Length - 1;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v == 0) ZeroCount++;
            int i = (int)((v + Threshold) * scale);
            _bins[Math.Clamp(i, 0, last)]++;
            Count++;
        }
    }

    private void Grow(double maxAbs)
    {
        if (Threshold == 0)
        {
            Threshold = maxAbs;
            _bins[_bins.Length / 2] += _pendingZeros;
            _pendingZeros = 0;
            return;
        }
        while (Threshold < maxAbs)
        {
            int quarter = _bins.Length / 4;
            var merged = new double[_bins.Length / 2];
            for (int j = 0; j < merged.Length; j++) merged[j] = _bins[2 * j] + _bins[2 * j + 1];
            Array.Clear(_bins);
            merged.CopyTo(_bins, quarter);
            Threshold *= 2;
        }
    }

    /// <summary>
    /// The histogram of magnitudes |x| over [0, T] with half as many bins: bin k holds the
    /// values whose magnitude lies in [k·w, (k+1)·w) (w = <see cref="BinWidth"/>).
    /// </summary>
    public double[] Magnitudes()
    {
        int half = _bins.Length / 2;
        var result = new double[half];
        for (int k = 0; k < half; k++) result[k] = _bins[half + k] + _bins[half - 1 - k];
        return result;
    }
}
