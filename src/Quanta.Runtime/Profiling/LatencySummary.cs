namespace Quanta.Runtime;

/// <summary>Order statistics of repeated timings, in milliseconds.</summary>
/// <param name="Runs">Number of timings.</param>
/// <param name="Median">The median (mean of the middle two for an even count).</param>
/// <param name="P10">10th percentile (linear interpolation between order statistics).</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Min">The fastest.</param>
/// <param name="Max">The slowest.</param>
/// <param name="Mean">The arithmetic mean.</param>
public sealed record LatencySummary(int Runs, double Median, double P10, double P90, double Min, double Max, double Mean)
{
    /// <summary>Summarizes <paramref name="milliseconds"/>.</summary>
    /// <exception cref="ArgumentException">No timings.</exception>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no timings to summarize", nameof(milliseconds));
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 10), Percentile(sorted, 90),
            sorted[0], sorted[^1], sorted.Average());
    }

    /// <summary>The <paramref name="percent"/>th percentile of ascending <paramref name="sorted"/>,
    /// interpolating linearly between the two nearest ranks (numpy's default).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        double rank = Math.Clamp(percent, 0, 100) / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
