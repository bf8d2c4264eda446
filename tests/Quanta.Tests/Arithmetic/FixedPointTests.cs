using Quanta.Kernels.Arithmetic;
using Xunit;

namespace Quanta.Tests.Arithmetic;

public class FixedPointTests
{
    [Theory]
    [InlineData(int.MinValue, int.MinValue, int.MaxValue)] // the only overflow: (−1)·(−1) saturates
    [InlineData(int.MinValue, int.MaxValue, -2147483647)]
    [InlineData(1 << 30, 1 << 30, 1 << 29)]                 // 0.5 · 0.5 = 0.25
    [InlineData(1, 1 << 30, 1)]                             // +0.5 LSB rounds up
    [InlineData(-1, 1 << 30, 0)]                            // −0.5 LSB rounds up too (toward +∞)
    [InlineData(-3, 1 << 30, -1)]                           // −1.5 → −1
    [InlineData(0, int.MinValue, 0)]
    [InlineData(int.MaxValue, int.MaxValue, 2147483646)]
    public void SaturatingRoundingDoublingHighMulMatchesGemmlowp(int a, int b, int expected) =>
        Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(a, b));

    [Fact]
    public void Int16SaturatingRoundingDoublingHighMulSaturatesOnlyMinTimesMin()
    {
        Assert.Equal(short.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(short.MinValue, short.MinValue));
        Assert.Equal((short)(1 << 13), FixedPoint.SaturatingRoundingDoublingHighMul((short)(1 << 14), (short)(1 << 14)));
        Assert.Equal((short)-32767, FixedPoint.SaturatingRoundingDoublingHighMul(short.MinValue, short.MaxValue));
    }

    [Theory]
    [InlineData(5, 1, 3)]    // 2.5 → 3
    [InlineData(-5, 1, -3)]  // −2.5 → −3 (ties away from zero)
    [InlineData(-4, 1, -2)]
    [InlineData(-6, 2, -2)]  // −1.5 → −2
    [InlineData(6, 2, 2)]    // 1.5 → 2
    [InlineData(-7, 2, -2)]  // −1.75 → −2
    [InlineData(-5, 2, -1)]  // −1.25 → −1
    [InlineData(7, 0, 7)]
    [InlineData(int.MinValue, 31, -1)]
    [InlineData(int.MaxValue, 31, 1)]
    [InlineData(1 << 30, 31, 1)] // exactly 0.5 → 1
    [InlineData(-(1 << 30), 31, -1)]
    public void RoundingDivideByPotRoundsHalfAwayFromZero(int x, int exponent, int expected) =>
        Assert.Equal(expected, FixedPoint.RoundingDivideByPot(x, exponent));

    [Fact]
    public void Int16RoundingDivideByPotMatchesInt32Form()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x += 7)
        {
            for (int e = 0; e <= 15; e++)
                Assert.Equal(FixedPoint.RoundingDivideByPot(x, e), FixedPoint.RoundingDivideByPot((short)x, e));
        }
    }

    [Fact]
    public void SaturatingRoundingMultiplyByPotSaturatesLeftAndRoundsRight()
    {
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingRoundingMultiplyByPot(1 << 29, 2));
        Assert.Equal(int.MinValue, FixedPoint.SaturatingRoundingMultiplyByPot(-(1 << 29) - 1, 2));
        Assert.Equal(1 << 30, FixedPoint.SaturatingRoundingMultiplyByPot(1 << 28, 2));
        Assert.Equal(-3, FixedPoint.SaturatingRoundingMultiplyByPot(-5, -1));
        Assert.Equal(12, FixedPoint.SaturatingRoundingMultiplyByPot(12, 0));
    }

    [Theory]
    [InlineData(3, 4, 4)]   // 3.5 → 4
    [InlineData(-3, -4, -4)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(int.MinValue, int.MinValue, int.MinValue)]
    public void RoundingHalfSumIsComputedIn64Bits(int a, int b, int expected) =>
        Assert.Equal(expected, FixedPoint.RoundingHalfSum(a, b));

    // Accuracy of the transcendental helpers: the exp polynomial is a 4th-order Taylor expansion on
    // an interval of width 1/4 around −1/8, so its truncation error is about (1/8)^5/5! ≈ 2.5e-7;
    // 1e-6 (≈ 2100 LSB of Q0.31) covers that and is far tighter than any 8- or 16-bit output needs.
    private const double TranscendentalBudget = 1e-6;

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.001)]
    [InlineData(-0.25)]
    [InlineData(-0.7)]
    [InlineData(-1.0)]
    [InlineData(-3.3)]
    [InlineData(-9.99)]
    [InlineData(-16.5)]
    [InlineData(-31.9)]
    public void ExpOnNegativeValuesApproximatesExp(double x)
    {
        foreach (int bits in new[] { 5, 6, 12 })
        {
            if (x < -Math.Pow(2, bits)) continue;
            int raw = (int)Math.Round(x * Math.Pow(2, 31 - bits));
            double expected = Math.Exp(raw / Math.Pow(2, 31 - bits));
            double actual = FixedPoint.ExpOnNegativeValues(raw, bits) / 2147483648.0;
            Assert.InRange(actual, expected - TranscendentalBudget, expected + TranscendentalBudget);
        }
    }

    [Fact]
    public void ExpOnNegativeValuesClampsBelowMinus32()
    {
        int raw = (int)(-40.0 * (1 << 25)); // Q6.25
        Assert.Equal(0, FixedPoint.ExpOnNegativeValues(raw, 6));
        Assert.Equal(FixedPoint.OneQ0, FixedPoint.ExpOnNegativeValues(0, 6));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void OneOverOnePlusXAndOneMinusXOverOnePlusXApproximateTheirFunctions(double x)
    {
        int raw = (int)Math.Round(x * 2147483648.0);
        Assert.InRange(FixedPoint.OneOverOnePlusXForXIn01(raw) / 2147483648.0 - 1 / (1 + x), -TranscendentalBudget, TranscendentalBudget);
        Assert.InRange(FixedPoint.OneMinusXOverOnePlusXForXIn01(raw) / 2147483648.0 - (1 - x) / (1 + x), -TranscendentalBudget, TranscendentalBudget);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(-0.3)]
    [InlineData(2.5)]
    [InlineData(-2.5)]
    [InlineData(7.9)]
    [InlineData(-7.9)]
    public void TanhAndLogisticApproximateTheirFunctions(double x)
    {
        int raw = (int)Math.Round(x * (1 << 27)); // Q4.27
        double xr = raw / (double)(1 << 27);
        Assert.InRange(FixedPoint.Tanh(raw, 4) / 2147483648.0 - Math.Tanh(xr), -TranscendentalBudget, TranscendentalBudget);
        Assert.InRange(FixedPoint.Logistic(raw, 4) / 2147483648.0 - 1 / (1 + Math.Exp(-xr)), -TranscendentalBudget, TranscendentalBudget);
    }

    [Fact]
    public void LogisticAndTanhOfZeroAreExact()
    {
        Assert.Equal(1 << 30, FixedPoint.Logistic(0, 4));
        Assert.Equal(0, FixedPoint.Tanh(0, 4));
    }

    [Theory]
    [InlineData(1.0, 12)]
    [InlineData(1.25, 12)]
    [InlineData(3.7, 12)]
    [InlineData(1000.5, 12)]
    [InlineData(0.75, 0)]
    public void GetReciprocalScalesByNumBitsOverUnit(double x, int integerDigits)
    {
        int raw = (int)Math.Round(x * Math.Pow(2, 31 - integerDigits));
        int r = FixedPoint.GetReciprocal(raw, integerDigits, out int bitsOverUnit);
        double actual = r / 2147483648.0 / Math.Pow(2, bitsOverUnit);
        double expected = 1 / (raw / Math.Pow(2, 31 - integerDigits));
        Assert.InRange(actual / expected, 1 - 1e-6, 1 + 1e-6);
    }
}
