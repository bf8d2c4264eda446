using System.Diagnostics;

namespace Quanta.Kernels.Arithmetic;

/// <summary>
/// TFLite's requantization: multiplying an integer accumulator by a real multiplier held as a
/// <see cref="QuantizedMultiplier"/> (common.h / common.cc, default build without
/// <c>TFLITE_SINGLE_ROUNDING</c>), and the scaling helpers of quantization_util.cc that the
/// transcendental kernels use.
/// </summary>
public static class Requantize
{
    /// <summary>
    /// <c>round(x · M)</c> for the 32-bit accumulators of the int8 kernels (TFLite's
    /// MultiplyByQuantizedMultiplier(int32, int32, int)): double rounding.
    /// </summary>
    /// <remarks>
    /// With M = m/2^31 · 2^s: for s &gt; 0 the input is first shifted left (x·2^s, wrapping like the
    /// C++ code if it overflows — callers keep |x|·2^s &lt; 2^31), then
    /// <c>y = round_half_up(x·m / 2^31)</c> (<see cref="FixedPoint.SaturatingRoundingDoublingHighMul(int, int)"/>),
    /// then for s &lt; 0 <c>round_half_away(y / 2^−s)</c> (<see cref="FixedPoint.RoundingDivideByPot(int, int)"/>).
    /// Rounding twice can differ by one LSB from rounding x·M once; that is TFLite's behaviour and
    /// therefore ours. Requires s ∈ [−31, 30].
    /// </remarks>
    public static int MultiplyByQuantizedMultiplier(int x, int quantizedMultiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return FixedPoint.RoundingDivideByPot(
            FixedPoint.SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier), rightShift);
    }

    /// <summary>
    /// <c>round(x · M)</c> for the 64-bit accumulators of the int16-activation kernels (TFLite's
    /// MultiplyByQuantizedMultiplier(int64, int32, int)): single rounding with a 16-bit multiplier.
    /// </summary>
    /// <remarks>
    /// The Q0.31 significand is first reduced to Q0.15, rounding (m + 2^15) &gt;&gt; 16 and saturating at
    /// 0x7FFF; then <c>(x·m15 + 2^(14−s)) &gt;&gt; (15−s)</c> — round half up, one rounding. Bounds (TFLite's
    /// DCHECKs): |x| &lt; 2^47 and s ∈ [−31, 7], so x·m15 &lt; 2^62 cannot overflow; the result is
    /// truncated to int32 as the C++ cast does.
    /// </remarks>
    public static int MultiplyByQuantizedMultiplier(long x, int quantizedMultiplier, int shift)
    {
        Debug.Assert(shift is >= -31 and < 8);
        int reducedMultiplier = quantizedMultiplier < 0x7FFF0000 ? (quantizedMultiplier + (1 << 15)) >> 16 : 0x7FFF;
        int totalShift = 15 - shift;
        long round = 1L << (totalShift - 1);
        long result = (x * reducedMultiplier + round) >> totalShift;
        return unchecked((int)result);
    }

    /// <summary>TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp: the right-shift-only form
    /// (<paramref name="leftShift"/> ≤ 0), used by ADD and SUB.</summary>
    public static int MultiplyByQuantizedMultiplierSmallerThanOneExp(int x, int quantizedMultiplier, int leftShift) =>
        FixedPoint.RoundingDivideByPot(FixedPoint.SaturatingRoundingDoublingHighMul(x, quantizedMultiplier), -leftShift);

    /// <summary>TFLite's MultiplyByQuantizedMultiplierGreaterThanOne: the left-shift-only form
    /// (<paramref name="leftShift"/> ≥ 0), used by SOFTMAX; x·2^leftShift wraps as in C++.</summary>
    public static int MultiplyByQuantizedMultiplierGreaterThanOne(int x, int quantizedMultiplier, int leftShift) =>
        FixedPoint.SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier);

    /// <summary>
    /// TFLite's CalculateInputRadius: the largest |input difference| that, scaled by
    /// 2^<paramref name="inputLeftShift"/> into Q<paramref name="inputIntegerBits"/>, stays below
    /// 2^inputIntegerBits − 1; inputs beyond it saturate the function (LOGISTIC, TANH, SOFTMAX).
    /// </summary>
    /// <remarks>⌊(2^ib − 1) · 2^(tsb − ib) / 2^shift⌋, computed in double as TFLite does.</remarks>
    public static int CalculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31)
    {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) * (1L << (totalSignedBits - inputIntegerBits))
            / Math.ScaleB(1.0, inputLeftShift);
        return (int)Math.Floor(maxInputRescaled);
    }

    /// <summary>
    /// TFLite's PreprocessSoftmaxScaling: the multiplier that maps an input difference (in input
    /// LSBs) times β to Q<paramref name="inputIntegerBits"/>, capped at 2^31 − 1 (beyond which every
    /// non-maximal input rounds to zero probability anyway).
    /// </summary>
    public static QuantizedMultiplier PreprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits)
    {
        const double maxRealMultiplier = (1L << 31) - 1.0;
        double real = Math.Min(beta * inputScale * (1 << (31 - inputIntegerBits)), maxRealMultiplier);
        return QuantizedMultiplier.FromDoubleGreaterThanOne(real);
    }

    /// <summary>
    /// TFLite's CheckedLog2: log2(x) rounded, and whether x is (within 1e-3 in the exponent) a power
    /// of two. Computed in float, as TFLite does, for LOGISTIC/TANH int16 and ADD/SUB POT checks.
    /// </summary>
    public static bool CheckedLog2(float x, out int log2)
    {
        float xLog2 = MathF.Log(x) * (1.0f / MathF.Log(2.0f));
        float rounded = MathF.Round(xLog2, MidpointRounding.AwayFromZero);
        log2 = (int)rounded;
        return MathF.Abs(xLog2 - rounded) < 1e-3f;
    }

    /// <summary>TFLite's DownScaleInt32ToInt16Multiplier: a Q0.31 multiplier rounded to Q0.15,
    /// saturating at INT16_MAX (HARD_SWISH).</summary>
    public static short DownScaleInt32ToInt16Multiplier(int multiplier)
    {
        const int roundingOffset = 1 << 15;
        if (multiplier >= int.MaxValue - roundingOffset) return short.MaxValue;
        return (short)((multiplier + roundingOffset) >> 16);
    }
}
