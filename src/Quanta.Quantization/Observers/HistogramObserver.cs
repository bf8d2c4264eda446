namespace Quanta.Quantization;

/// <summary>Chooses a quantization range from a <see cref="StreamingHistogram"/>: the strategy
/// part of percentile, entropy and MSE calibration.</summary>
public interface IHistogramRangeSelector
{
    /// <summary>The range to quantize the histogram's values with, for <paramref name="target"/>.
    /// The result lies within the observed [Min, Max].</summary>
    TensorRange Select(StreamingHistogram histogram, QuantTarget target);
}

/// <summary>Streams values into a fixed-size histogram and lets a selector pick the range.</summary>
public sealed class HistogramObserver : IRangeObserver
{
    private readonly IHistogramRangeSelector _selector;

    /// <summary>Creates the observer.</summary>
    /// <param name="selector">Picks the range from the histogram.</param>
    /// <param name="binCount">Histogram bins (a multiple of 4).</param>
    public HistogramObserver(IHistogramRangeSelector selector, int binCount = 4096)
    {
        _selector = selector ?? throw new ArgumentNullException(nameof(selector));
        Histogram = new StreamingHistogram(binCount);
    }

    /// <summary>The histogram so far.</summary>
    public StreamingHistogram Histogram { get; }

    /// <inheritdoc/>
    public bool HasData => Histogram.Count > 0;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values, int samples) => Histogram.Add(values);

    /// <inheritdoc/>
    public TensorRange ComputeRange(QuantTarget target)
    {
        if (!HasData) throw new InvalidOperationException("no values were observed");
        if (Histogram.Threshold == 0) return new TensorRange(0, 0);
        var r = _selector.Select(Histogram, target);
        if (target.Symmetric)
        {
            float t = Math.Min(r.MaxAbs, Math.Max(Math.Abs(Histogram.Min), Math.Abs(Histogram.Max)));
            return new TensorRange(-t, t);
        }
        return new TensorRange(Math.Max(r.Min, Histogram.Min), Math.Min(r.Max, Histogram.Max));
    }
}
