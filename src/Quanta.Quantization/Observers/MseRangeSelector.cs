namespace Quanta.Quantization;

/// <summary>
/// The range of least expected squared quantization error: candidates shrink the observed
/// range by a factor r ∈ (0, 1] ([r·min, r·max], or ±r·max|x| for a symmetric target), and each
/// is scored over the histogram as clipping error plus rounding error.
/// </summary>
/// <remarks>
/// For a range [lo, hi] with step Δ = (hi − lo)/(levels − 1), a value inside the range has an
/// expected rounding error of Δ²/12 (uniform within a step); a value x outside is clipped, with
/// error (x − edge)², taken at its bin's centre. The score is Σ count·error. Candidates are
/// r = 1 − k/steps for k = 0 … steps − 1 (PyTorch's HistogramObserver searches the same
/// trade-off with a greedy bin walk).
/// </remarks>
public sealed class MseRangeSelector : IHistogramRangeSelector
{
    private readonly int _steps;

    /// <summary>Creates the selector.</summary>
    /// <param name="steps">How many shrink factors to try.</param>
    public MseRangeSelector(int steps = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _steps = steps;
    }

    /// <inheritdoc/>
    public TensorRange Select(StreamingHistogram histogram, QuantTarget target)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var full = target.Symmetric
            ? new TensorRange(-Math.Max(Math.Abs(histogram.Min), Math.Abs(histogram.Max)), Math.Max(Math.Abs(histogram.Min), Math.Abs(histogram.Max)))
            : new TensorRange(histogram.Min, histogram.Max).WithZero();
        var best = full;
        double bestError = double.PositiveInfinity;
        for (int k = 0; k < _steps; k++)
        {
            float r = 1f - (float)k / _steps;
            var candidate = new TensorRange(full.Min * r, full.Max * r);
            double error = ExpectedError(histogram, candidate, target.Levels);
            if (error < bestError)
            {
                bestError = error;
                best = candidate;
            }
        }
        return best;
    }

    /// <summary>Σ count·error over the bins for quantizing to <paramref name="range"/>.</summary>
    internal static double ExpectedError(StreamingHistogram histogram, TensorRange range, int levels)
    {
        double step = (range.Max - range.Min) / (double)(levels - 1);
        double rounding = step * step / 12;
        var bins = histogram.Bins;
        double w = histogram.BinWidth, error = 0;
        for (int i = 0; i < bins.Length; i++)
        {
            if (bins[i] == 0) continue;
            double centre = histogram.Edge(i) + w / 2;
            double e = centre < range.Min ? (range.Min - centre) * (range.Min - centre)
                : centre > range.Max ? (centre - range.Max) * (centre - range.Max)
                : rounding;
            error += bins[i] * e;
        }
        return error;
    }
}
