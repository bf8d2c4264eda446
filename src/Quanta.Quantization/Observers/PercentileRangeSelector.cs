namespace Quanta.Quantization;

/// <summary>
/// Clips the rarest values: the range runs from the (100 − p)-th to the p-th percentile of the
/// observed values (for a symmetric target, ±the p-th percentile of |x|), interpolating linearly
/// inside the bin where the percentile falls.
/// </summary>
public sealed class PercentileRangeSelector : IHistogramRangeSelector
{
    /// <summary>Creates the selector.</summary>
    /// <param name="percentile">p, in (50, 100]; ONNX Runtime's default is 99.999.</param>
    /// <exception cref="ArgumentOutOfRangeException">p outside (50, 100].</exception>
    public PercentileRangeSelector(double percentile = 99.99)
    {
        if (!(percentile > 50 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (50, 100]");
        Percentile = percentile;
    }

    /// <summary>The percentile p.</summary>
    public double Percentile { get; }

    /// <inheritdoc/>
    public TensorRange Select(StreamingHistogram histogram, QuantTarget target)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        double fraction = Percentile / 100;
        double w = histogram.BinWidth;
        if (target.Symmetric)
        {
            float t = (float)Quantile(histogram.Magnitudes(), fraction, 0, w);
            return new TensorRange(-t, t);
        }
        var bins = histogram.Bins.ToArray();
        return new TensorRange(
            (float)Quantile(bins, 1 - fraction, -histogram.Threshold, w),
            (float)Quantile(bins, fraction, -histogram.Threshold, w));
    }

    /// <summary>The value below which <paramref name="fraction"/> of the counts lie.</summary>
    internal static double Quantile(double[] bins, double fraction, double origin, double width)
    {
        double total = 0;
        foreach (double b in bins) total += b;
        double wanted = fraction * total, cumulative = 0;
        for (int i = 0; i < bins.Length; i++)
        {
            if (bins[i] > 0 && cumulative + bins[i] >= wanted)
                return origin + (i + Math.Clamp((wanted - cumulative) / bins[i], 0, 1)) * width;
            cumulative += bins[i];
        }
        return origin + bins.Length * width;
    }
}
