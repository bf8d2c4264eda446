using System.Numerics;
using Quanta.Kernels.Arithmetic;
using Xunit;

namespace Quanta.Tests.Arithmetic;

public class RequantizeTests
{
    [Theory]
    [InlineData(1.0, 1 << 30, 1)]                 // q = 0.5, e = 1
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(0.75, 1610612736, 0)]
    [InlineData(0.99999999, 2147483627, 0)]       // q·2^31 = 2147483626.5…: no correction
    [InlineData(0.9999999999, 1 << 30, 1)]        // rounds up to 2^31 → halved, exponent + 1
    [InlineData(0.0, 0, 0)]
    [InlineData(-0.5, -(1 << 30), 0)]
    [InlineData(3.0, 1610612736, 2)]
    public void QuantizeMultiplierFollowsTflite(double m, int multiplier, int shift) =>
        Assert.Equal(new QuantizedMultiplier(multiplier, shift), QuantizedMultiplier.FromDouble(m));

    [Fact]
    public void MultipliersBelowTwoToMinus31FlushToZero()
    {
        Assert.Equal(new QuantizedMultiplier(1 << 30, -31), QuantizedMultiplier.FromDouble(Math.ScaleB(1, -32)));
        Assert.Equal(new QuantizedMultiplier(0, 0), QuantizedMultiplier.FromDouble(Math.ScaleB(1, -33)));
        Assert.Equal(new QuantizedMultiplier(0, 0), QuantizedMultiplier.FromDouble(1e-10));
        Assert.Equal(new QuantizedMultiplier(0, 0), QuantizedMultiplier.FromDouble(double.Epsilon));
    }

    [Fact]
    public void SmallerThanOneAndGreaterThanOneRejectOutOfRangeMultipliers()
    {
        Assert.True(QuantizedMultiplier.FromDoubleSmallerThanOne(0.3).Shift <= 0);
        Assert.True(QuantizedMultiplier.FromDoubleGreaterThanOne(3.3).Shift >= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMultiplier.FromDoubleSmallerThanOne(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMultiplier.FromDoubleSmallerThanOne(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMultiplier.FromDoubleGreaterThanOne(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMultiplier.FromDouble(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMultiplier.FromDouble(double.PositiveInfinity));
    }

    [Fact]
    public void QuantizedMultiplierRepresentsTheRealValueToQ31Precision()
    {
        var rng = new Random(17);
        for (int i = 0; i < 2000; i++)
        {
            double m = Math.Exp(rng.NextDouble() * 30 - 21); // above 2^−31, which flushes to 0
            var q = QuantizedMultiplier.FromDouble(m);
            Assert.InRange(q.Multiplier, 1 << 30, int.MaxValue);
            Assert.InRange(q.ToDouble() / m, 1 - Math.ScaleB(1, -30), 1 + Math.ScaleB(1, -30));
        }
    }

    [Theory]
    [InlineData(100, 1.0, 100)]
    [InlineData(-100, 1.0, -100)]
    [InlineData(5, 0.5, 3)]     // 2.5 → 3
    [InlineData(-5, 0.5, -2)]   // shift 0: only the doubling high-mul rounds, ties toward +∞
    [InlineData(3, 0.5, 2)]     // 1.5 → 2
    [InlineData(-3, 0.5, -1)]
    [InlineData(-5, 0.25, -1)]  // −1.25: −2.5 → −2, then −2 / 2 = −1
    [InlineData(-6, 0.25, -2)]  // −1.5: −3, then −3 / 2 → −2 (ties away from zero)
    [InlineData(1000, 0.0, 0)]
    [InlineData(7, 3.0, 21)]
    public void MultiplyByQuantizedMultiplierOnSimpleValues(int x, double m, int expected)
    {
        var q = QuantizedMultiplier.FromDouble(m);
        Assert.Equal(expected, Requantize.MultiplyByQuantizedMultiplier(x, q.Multiplier, q.Shift));
        Assert.Equal(expected, q.Apply(x));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierOfInt32MinWithMultiplierMinSaturates() =>
        // Multiplier INT32_MIN (−1.0) times INT32_MIN is the one product SaturatingRoundingDoublingHighMul saturates.
        Assert.Equal(int.MaxValue, Requantize.MultiplyByQuantizedMultiplier(int.MinValue, int.MinValue, 0));

    /// <summary>
    /// An exact model of TFLite's double rounding written from its definition, in BigInteger:
    /// y = ⌊(x·2^L·m + 2^30) / 2^31⌋ (round half up), then round y / 2^R half away from zero.
    /// </summary>
    private static int DoubleRoundingModel(int x, int m, int shift)
    {
        int left = Math.Max(shift, 0), right = Math.Max(-shift, 0);
        BigInteger product = (BigInteger)x * (BigInteger.One << left) * m;
        BigInteger y = FloorDiv(product + (BigInteger.One << 30), BigInteger.One << 31);
        if (y > int.MaxValue) y = int.MaxValue;
        if (right == 0) return (int)y;
        BigInteger magnitude = FloorDiv(BigInteger.Abs(y) + (BigInteger.One << (right - 1)), BigInteger.One << right);
        return (int)(y.Sign < 0 ? -magnitude : magnitude);
    }

    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r.Sign != 0 && (r.Sign < 0) != (b.Sign < 0) ? q - 1 : q;
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierMatchesAnExactModelOfDoubleRounding()
    {
        var rng = new Random(2024);
        for (int i = 0; i < 200_000; i++)
        {
            int shift = rng.Next(-31, 8);
            int m = rng.Next(1 << 30, int.MaxValue);
            int left = Math.Max(shift, 0);
            // Keep x·2^L inside int32 (TFLite's precondition); favour small accumulators and ties.
            int bound = (int)Math.Min(int.MaxValue, (1L << (31 - left)) - 1);
            int x = (i % 3) switch
            {
                0 => rng.Next(-bound, bound),
                1 => rng.Next(-70000, 70000),
                _ => (rng.Next(-1000, 1000) << Math.Min(20, -Math.Min(shift, 0))) >> 1,
            };
            if (Math.Abs((long)x) > bound) x = bound;
            Assert.Equal(DoubleRoundingModel(x, m, shift), Requantize.MultiplyByQuantizedMultiplier(x, m, shift));
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierIsWithinOneLsbOfTheRealProduct()
    {
        var rng = new Random(5);
        for (int i = 0; i < 100_000; i++)
        {
            double real = Math.Exp(rng.NextDouble() * 12 - 10);
            var q = QuantizedMultiplier.FromDouble(real);
            int x = rng.Next(-1 << 20, 1 << 20);
            double exact = x * q.ToDouble();
            Assert.InRange(q.Apply(x) - exact, -1.0, 1.0);
        }
    }

    /// <summary>TFLite's 64-bit form, from its definition: m rounded to Q0.15, then one round-half-up shift.</summary>
    private static BigInteger SingleRounding64Model(long x, int m, int shift)
    {
        BigInteger m15 = m < 0x7FFF0000 ? (m + (BigInteger)32768) / 65536 : 0x7FFF;
        int total = 15 - shift;
        return FloorDiv(x * m15 + (BigInteger.One << (total - 1)), BigInteger.One << total);
    }

    [Fact]
    public void MultiplyByQuantizedMultiplier64MatchesItsModelAndRoundsOnce()
    {
        var rng = new Random(99);
        for (int i = 0; i < 200_000; i++)
        {
            int shift = rng.Next(-31, 8);
            int m = rng.Next(1 << 30, int.MaxValue);
            long x = rng.NextInt64(-(1L << 40), 1L << 40);
            var expected = SingleRounding64Model(x, m, shift);
            // Skip products whose result does not fit int32 (TFLite's DCHECK excludes them).
            if (expected < int.MinValue || expected > int.MaxValue) continue;
            Assert.Equal((int)expected, Requantize.MultiplyByQuantizedMultiplier(x, m, shift));
        }
        // The reduced multiplier saturates at 0x7FFF: 0x7FFF0000 and above.
        Assert.Equal(65534, Requantize.MultiplyByQuantizedMultiplier(1L << 16, int.MaxValue, 0)); // 2^16 · 32767/32768
        Assert.Equal(-16384, Requantize.MultiplyByQuantizedMultiplier(-32768L, 1 << 30, 0));
    }

    [Fact]
    public void SmallerThanOneAndGreaterThanOneFormsAgreeWithTheGeneralForm()
    {
        var rng = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            int x = rng.Next(-1 << 20, 1 << 20);
            var small = QuantizedMultiplier.FromDoubleSmallerThanOne(rng.NextDouble() * 0.999 + 1e-6);
            Assert.Equal(small.Apply(x), Requantize.MultiplyByQuantizedMultiplierSmallerThanOneExp(x, small.Multiplier, small.Shift));
            var large = QuantizedMultiplier.FromDoubleGreaterThanOne(1.001 + rng.NextDouble() * 500);
            int xs = x >> 10;
            Assert.Equal(large.Apply(xs), Requantize.MultiplyByQuantizedMultiplierGreaterThanOne(xs, large.Multiplier, large.Shift));
        }
    }

    [Fact]
    public void InputRadiusSoftmaxScalingAndLog2FollowTflite()
    {
        Assert.Equal(120, Requantize.CalculateInputRadius(4, 24));   // 15·2^27 / 2^24
        Assert.Equal(15 << 3, Requantize.CalculateInputRadius(4, 24, 31));
        Assert.Equal(31 << 26 >> 20, Requantize.CalculateInputRadius(5, 20));
        var s = Requantize.PreprocessSoftmaxScaling(1.0, 1.0 / 16, 5);
        Assert.Equal(QuantizedMultiplier.FromDouble(Math.ScaleB(1, 22)), s); // 2^−4 · 2^26
        var capped = Requantize.PreprocessSoftmaxScaling(1.0, 100.0, 5);
        Assert.Equal(QuantizedMultiplier.FromDouble((1L << 31) - 1.0), capped);
        Assert.True(Requantize.CheckedLog2(0.125f, out int l));
        Assert.Equal(-3, l);
        Assert.True(Requantize.CheckedLog2(1f / 32768, out l));
        Assert.Equal(-15, l);
        Assert.False(Requantize.CheckedLog2(3f, out _));
        Assert.Equal(short.MaxValue, Requantize.DownScaleInt32ToInt16Multiplier(int.MaxValue));
        Assert.Equal((short)16384, Requantize.DownScaleInt32ToInt16Multiplier(1 << 30));
    }
}
