using Quanta.Quantization;
using Xunit;

namespace Quanta.Tests.PostTraining;

public class ObserverTests
{
    private static float[] Uniform(int n, float lo, float hi, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (float)rng.NextDouble() * (hi - lo)).ToArray();
    }

    [Fact]
    public void MinMaxIsTheExactExtremesIgnoringNonFiniteValues()
    {
        var o = new MinMaxObserver();
        o.Observe([1f, -2.5f, float.NaN], 1);
        o.Observe([3.25f, float.PositiveInfinity, 0f], 1);
        Assert.Equal(new TensorRange(-2.5f, 3.25f), o.ComputeRange(QuantTarget.Int8Activations));
        Assert.Equal(new TensorRange(-3.25f, 3.25f), o.ComputeRange(QuantTarget.Int16Activations));
        Assert.Throws<InvalidOperationException>(() => new MinMaxObserver().ComputeRange(QuantTarget.Int8Activations));
    }

    [Fact]
    public void MovingAverageStartsAtTheFirstSampleAndMovesByTheConstantPerSample()
    {
        var o = new MovingAverageMinMaxObserver(0.5f);
        // Two samples in one batch: [0, 1] then [-2, 3].
        o.Observe([0f, 1f, -2f, 3f], 2);
        // min: 0 + 0.5·(−2 − 0) = −1; max: 1 + 0.5·(3 − 1) = 2. Then [−1, 6]: min −1, max 4.
        Assert.Equal(new TensorRange(-1f, 2f), o.ComputeRange(QuantTarget.Int8Activations));
        o.Observe([-1f, 6f], 1);
        Assert.Equal(new TensorRange(-1f, 4f), o.ComputeRange(QuantTarget.Int8Activations));
    }

    [Fact]
    public void HistogramGrowthMergesBinsExactly()
    {
        var h = new StreamingHistogram(64);
        var all = new List<float>();
        var rng = new Random(3);
        // Values at odd multiples of 1/64: centres of the first bins (width 1/32 for T = 1), so never
        // on an edge of any later, coarser binning — the comparison below is then exact.
        foreach (int limit in new[] { 32, 48, 118, 6, 287 })
        {
            var batch = Enumerable.Range(0, 500).Select(_ => (rng.Next(-limit, limit) + 0.5f) / 32).Append(limit == 32 ? -1f : 0.5f / 32).ToArray();
            all.AddRange(batch);
            h.Add(batch);
        }
        // The first batch set T to |−1| = 1 (−1 is the lower edge of bin 0 at every scale); four doublings reach 16 > 287.5/32.
        Assert.Equal(16, h.Threshold);
        var direct = new double[64];
        foreach (float v in all) direct[Math.Clamp((int)((v + h.Threshold) * 64 / (2 * h.Threshold)), 0, 63)]++;
        Assert.Equal(direct, h.Bins.ToArray());
        Assert.Equal(all.Count, h.Count);
        Assert.Equal(all.Min(), h.Min);
        Assert.Equal(all.Max(), h.Max);
    }

    [Fact]
    public void HistogramMemoryStaysConstantHoweverManyBatches()
    {
        var observer = new HistogramObserver(new PercentileRangeSelector(), 1024);
        var rng = new Random(5);
        for (int b = 0; b < 2000; b++)
        {
            var batch = Uniform(256, -1 - b * 0.01f, 1 + b * 0.05f, rng.Next());
            observer.Observe(batch, 4);
            Assert.Equal(1024, observer.Histogram.Bins.Length);
        }
        Assert.Equal(2000L * 256, observer.Histogram.Count);
    }

    [Fact]
    public void ZerosBeforeTheFirstNonzeroValueAreKept()
    {
        var h = new StreamingHistogram(8);
        h.Add([0f, 0f, 0f]);
        Assert.Equal(0, h.Threshold);
        h.Add([1f]);
        Assert.Equal(4, h.Count);
        // T = 1, bins of width 0.25: the zeros lie in [0, 0.25), bin 4; 1 is in the last bin.
        Assert.Equal([0, 0, 0, 0, 3, 0, 0, 1], h.Bins.ToArray());
    }

    [Fact]
    public void PercentileOfAKnownSample()
    {
        // 0, 1, …, 9999: the 99th percentile is 9900, the 1st is 100 (within one bin of 2·10⁴/4096).
        var o = new HistogramObserver(new PercentileRangeSelector(99), 4096);
        o.Observe(Enumerable.Range(0, 10000).Select(i => (float)i).ToArray(), 1);
        var r = o.ComputeRange(QuantTarget.Int8Activations);
        Assert.InRange(r.Max, 9895f, 9905f);
        Assert.InRange(r.Min, 95f, 105f);
        // Symmetric: the 99th percentile of |x|.
        var s = o.ComputeRange(QuantTarget.Int16Activations);
        Assert.InRange(s.Max, 9895f, 9905f);
        Assert.Equal(-s.Max, s.Min);
    }

    private static float[] Gaussian(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
    }

    [Fact]
    public void EntropyClipsTheSparseTailsOfAGaussian()
    {
        // 10⁵ draws of N(0, 1) reach about ±4.4σ; the few values out there cost less divergence
        // when clipped than the resolution their range takes from the bulk.
        var x = Gaussian(100_000, 7);
        var o = new HistogramObserver(new EntropyRangeSelector(), 4096);
        o.Observe(x, 1);
        var r = o.ComputeRange(QuantTarget.Int8Activations);
        float maxAbs = x.Max(Math.Abs);
        Assert.InRange(r.Max, 2.5f, 0.95f * maxAbs);
        Assert.InRange(r.Min, -0.95f * maxAbs, -2.5f);
    }

    [Fact]
    public void EntropyOfReluOutputsIgnoresTheirZerosAndStaysOneSided()
    {
        // A ReLU of N(0, 1): half the values are exactly 0. Counted in P, that spike made the
        // smallest candidate threshold win (about 1/8 of the range); left out, the threshold
        // keeps the bulk of the half-normal, and the range does not reach below 0.
        var x = Gaussian(100_000, 11).Select(v => Math.Max(v, 0f)).ToArray();
        var o = new HistogramObserver(new EntropyRangeSelector(), 4096);
        o.Observe(x, 1);
        var r = o.ComputeRange(QuantTarget.Int8Activations);
        Assert.Equal(0f, r.Min);
        Assert.InRange(r.Max, 2.5f, x.Max());
    }

    [Fact]
    public void EntropyOfAUniformDistributionKeepsItsWholeRange()
    {
        var magnitudes = Enumerable.Repeat(10.0, 1024).ToArray();
        // Every truncation clips mass into the last bin, which Q cannot match: the full width wins.
        Assert.Equal(1024, EntropyRangeSelector.BestBinCount(magnitudes, 128));
        // With no more bins than levels there is nothing to choose.
        Assert.Equal(100, EntropyRangeSelector.BestBinCount(magnitudes[..100], 128));
    }

    [Fact]
    public void KlDivergenceOfKnownDistributions()
    {
        Assert.Equal(0, EntropyRangeSelector.Divergence([1, 2, 3], [2, 4, 6]), 12);
        // P = (1/2, 1/2), Q = (1/4, 3/4): ½ln2 + ½ln(2/3).
        Assert.Equal(0.5 * Math.Log(2) + 0.5 * Math.Log(2.0 / 3), EntropyRangeSelector.Divergence([1, 1], [1, 3]), 12);
    }

    [Fact]
    public void MseKeepsAUniformRangeAndClipsGaussianTails()
    {
        var uniform = new HistogramObserver(new MseRangeSelector(), 4096);
        uniform.Observe(Uniform(50_000, -1, 1, 8), 1);
        var r = uniform.ComputeRange(QuantTarget.Int8Activations);
        Assert.InRange(r.Max, 0.98f, 1f);
        Assert.InRange(r.Min, -1f, -0.98f);

        // A Gaussian's last few values (beyond about 4σ of 10⁵ draws) cost less clipped than the
        // rounding error their range adds to every other value.
        var x = Gaussian(100_000, 9);
        var gaussian = new HistogramObserver(new MseRangeSelector(), 4096);
        gaussian.Observe(x, 1);
        var c = gaussian.ComputeRange(QuantTarget.Int8Activations);
        float maxAbs = x.Max(Math.Abs);
        Assert.InRange(c.Max, 3f, 0.95f * maxAbs);
    }

    [Fact]
    public void MseScoreIsClippingPlusRounding()
    {
        var h = new StreamingHistogram(8);
        h.Add([-3.5f, 0.5f, 3.5f]);
        // T = 3.5 → bins of width 0.875; the values sit in bins 0, 4, 7 with centres −3.0625, 0.4375, 3.0625.
        // Range [−1, 1] with 3 levels: step 1, rounding 1/12; clipped: 2·(3.0625 − 1)².
        double expected = 1.0 / 12 + 2 * Math.Pow(3.0625 - 1, 2);
        Assert.Equal(expected, MseRangeSelector.ExpectedError(h, new TensorRange(-1, 1), 3), 9);
    }

    [Theory]
    [InlineData("minmax", CalibrationMethod.MinMax)]
    [InlineData("moving-average", CalibrationMethod.MovingAverage)]
    [InlineData("Percentile", CalibrationMethod.Percentile)]
    [InlineData("entropy", CalibrationMethod.Entropy)]
    [InlineData("mse", CalibrationMethod.Mse)]
    public void MethodNamesParseAndRoundTrip(string name, CalibrationMethod method)
    {
        Assert.Equal(method, CalibrationSettings.ParseMethod(name));
        Assert.Equal(method, CalibrationSettings.ParseMethod(CalibrationSettings.NameOf(method)));
        Assert.True(new CalibrationSettings { Method = method }.CreateObserver() is not null);
    }

    [Fact]
    public void UnknownMethodNamesTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => CalibrationSettings.ParseMethod("median"));
        Assert.Contains("entropy", e.Message);
    }
}
