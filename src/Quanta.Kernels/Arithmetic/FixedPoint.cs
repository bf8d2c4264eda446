using System.Diagnostics;
using System.Numerics;

namespace Quanta.Kernels.Arithmetic;

/// <summary>
/// gemmlowp's fixed-point primitives (fixedpoint/fixedpoint.h), as TFLite's reference integer
/// kernels use them, reproduced bit for bit.
/// </summary>
/// <remarks>
/// <para>A Q<i>m</i> value is an int32 <c>raw</c> meaning <c>raw / 2^(31−m)</c>: <i>m</i> integer bits
/// (sign excluded) and <c>31−m</c> fractional bits, range [−2^m, 2^m). gemmlowp encodes <i>m</i> in a
/// template parameter; here it is an explicit argument (<c>integerBits</c>).</para>
/// <para>Additions and subtractions of raw values wrap (two's complement), as the C++ code does on
/// every compiler TFLite is built with; C# <c>unchecked</c> arithmetic gives the same bits.</para>
/// </remarks>
public static class FixedPoint
{
    /// <summary>e^(−2^k) in Q0.31 for k = −2 … 4 (the barrel shifter of <see cref="ExpOnNegativeValues"/>).</summary>
    private static readonly int[] s_expBarrelMultipliers = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];

    /// <summary>Q0.31 for (almost) 1: gemmlowp's <c>FixedPoint&lt;int32, 0&gt;::One()</c> is INT32_MAX.</summary>
    public const int OneQ0 = int.MaxValue;

    /// <summary>
    /// <c>round_half_up(a·b / 2^31)</c>, saturating the single overflow case a = b = INT32_MIN to INT32_MAX.
    /// gemmlowp's SaturatingRoundingDoublingHighMul (ARM VQRDMULH).
    /// </summary>
    /// <remarks>
    /// |a·b| ≤ 2^62, so the 64-bit product and the nudge never overflow. gemmlowp adds
    /// 2^30 (or 1 − 2^30 for negative products) and divides truncating toward zero; both cases
    /// equal ⌊(a·b + 2^30) / 2^31⌋, i.e. ties round toward +∞. The result fits int32 except for
    /// (−2^31)², the only input that saturates.
    /// </remarks>
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1L - (1L << 30);
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>The int16 form: <c>round_half_up(a·b / 2^15)</c>, saturating (−2^15)² to INT16_MAX.</summary>
    public static short SaturatingRoundingDoublingHighMul(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        int ab = a * b;
        int nudge = ab >= 0 ? 1 << 14 : 1 - (1 << 14);
        return (short)((ab + nudge) / (1 << 15));
    }

    /// <summary>
    /// <c>x / 2^exponent</c> rounded to nearest, ties away from zero (gemmlowp's RoundingDivideByPOT,
    /// a rounding arithmetic right shift). <paramref name="exponent"/> is in [0, 31].
    /// </summary>
    /// <remarks>
    /// The remainder <c>x &amp; mask</c> is compared with half the divisor; for negative x the
    /// threshold is one higher, so a tie keeps the floor (−5/2 → −3) while 5/2 → 3.
    /// </remarks>
    public static int RoundingDivideByPot(int x, int exponent)
    {
        Debug.Assert(exponent is >= 0 and <= 31);
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>The int16 form of <see cref="RoundingDivideByPot(int, int)"/>; <paramref name="exponent"/> in [0, 15].</summary>
    public static short RoundingDivideByPot(short x, int exponent)
    {
        Debug.Assert(exponent is >= 0 and <= 15);
        int mask = (1 << exponent) - 1;
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (short)((x >> exponent) + (remainder > threshold ? 1 : 0));
    }

    /// <summary>
    /// <c>x · 2^exponent</c>: a saturating left shift for exponent &gt; 0, a rounding right shift
    /// (<see cref="RoundingDivideByPot(int, int)"/>) for exponent &lt; 0 (gemmlowp's
    /// SaturatingRoundingMultiplyByPOT and TFLite's SaturatingRoundingMultiplyByPOTParam).
    /// </summary>
    public static int SaturatingRoundingMultiplyByPot(int x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return RoundingDivideByPot(x, -exponent);
        Debug.Assert(exponent <= 31);
        // |x| ≤ threshold is exactly the range whose shift stays inside int32.
        int threshold = (int)((1L << (31 - exponent)) - 1);
        if (x > threshold) return int.MaxValue;
        if (x < -threshold) return int.MinValue;
        return x << exponent;
    }

    /// <summary>Changes a raw value from Q<paramref name="srcIntegerBits"/> to Q<paramref name="dstIntegerBits"/>
    /// (gemmlowp's Rescale): saturating when gaining fractional bits, rounding when losing them.</summary>
    public static int Rescale(int raw, int srcIntegerBits, int dstIntegerBits) =>
        SaturatingRoundingMultiplyByPot(raw, srcIntegerBits - dstIntegerBits);

    /// <summary><c>(a + b) / 2</c> rounded half away from zero, computed in 64 bits (NEON VRHADD).</summary>
    public static int RoundingHalfSum(int a, int b)
    {
        long sum = (long)a + b;
        long sign = sum >= 0 ? 1 : -1;
        return (int)((sum + sign) / 2);
    }

    /// <summary>int16 addition saturating to [−32768, 32767] (gemmlowp's SaturatingAdd).</summary>
    public static short SaturatingAdd(short a, short b) => (short)Math.Clamp(a + b, short.MinValue, short.MaxValue);

    /// <summary>Number of leading zero bits of a 32-bit value (32 for 0).</summary>
    public static int CountLeadingZeros(uint x) => BitOperations.LeadingZeroCount(x);

    /// <summary>exp(a) for a Q0.31 value a in [−1/4, 0), as Q0.31 (gemmlowp's
    /// exp_on_interval_between_negative_one_quarter_and_0_excl).</summary>
    /// <remarks>A 4th-order Taylor expansion around −1/8: with x = a + 1/8,
    /// e^a = e^(−1/8)·(1 + x + x²/2 + x³/6 + x⁴/24).</remarks>
    public static int ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a)
    {
        const int constantTerm = 1895147668;   // e^(−1/8) in Q0.31
        const int constantOneThird = 715827883; // 1/3 in Q0.31
        unchecked
        {
            int x = a + (1 << 28); // + 1/8
            int x2 = SaturatingRoundingDoublingHighMul(x, x);
            int x3 = SaturatingRoundingDoublingHighMul(x2, x);
            int x4 = SaturatingRoundingDoublingHighMul(x2, x2);
            int x4Over4 = RoundingDivideByPot(x4, 2);
            int poly = RoundingDivideByPot(SaturatingRoundingDoublingHighMul(x4Over4 + x3, constantOneThird) + x2, 1);
            return constantTerm + SaturatingRoundingDoublingHighMul(constantTerm, x + poly);
        }
    }

    /// <summary>exp(a) for a Q<paramref name="integerBits"/> value a ≤ 0, as Q0.31 (gemmlowp's exp_on_negative_values).</summary>
    /// <remarks>
    /// a is split into ⌊a⌋ to a multiple of 1/4 and a remainder in [−1/4, 0): the remainder goes
    /// through the Taylor polynomial, and each set bit of the multiple-of-1/4 part multiplies by a
    /// constant e^(−2^k) (a barrel shifter over k = −2 … 4). Inputs below −32 give 0; a = 0 gives One.
    /// </remarks>
    public static int ExpOnNegativeValues(int a, int integerBits)
    {
        int fractionalBits = 31 - integerBits;
        int oneQuarter = 1 << (fractionalBits - 2);
        unchecked
        {
            int aModQuarterMinusOneQuarter = (a & (oneQuarter - 1)) - oneQuarter;
            int result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale(aModQuarterMinusOneQuarter, integerBits, 0));
            int remainder = aModQuarterMinusOneQuarter - a;

            for (int k = -2; k <= 4; k++)
            {
                if (integerBits <= k) continue;
                int shiftAmount = fractionalBits + k;
                if ((remainder & (1 << shiftAmount)) != 0)
                    result = SaturatingRoundingDoublingHighMul(result, s_expBarrelMultipliers[k + 2]);
            }
            if (integerBits > 5)
            {
                int clamp = -(1 << (36 - integerBits)); // −32 in Q(integerBits)
                if (a < clamp) result = 0;
            }
            return a == 0 ? OneQ0 : result;
        }
    }

    /// <summary>Newton–Raphson iterations for 1/(1 + a) with a ∈ (0, 1) in Q0.31; returns the Q2.29 estimate
    /// of 1/half_denominator = 2/(1 + a) after three steps, starting from 48/17 − 32/17·d.</summary>
    private static int NewtonRaphsonTwoOverOnePlusX(int a)
    {
        const int constant48Over17 = 1515870810;     // Q2.29
        const int constantNeg32Over17 = -1010580540; // Q2.29
        const int oneQ2 = 1 << 29;
        unchecked
        {
            int halfDenominator = RoundingHalfSum(a, OneQ0);
            int x = constant48Over17 + SaturatingRoundingDoublingHighMul(halfDenominator, constantNeg32Over17);
            for (int i = 0; i < 3; i++)
            {
                int halfDenominatorTimesX = SaturatingRoundingDoublingHighMul(halfDenominator, x);
                int oneMinusHalfDenominatorTimesX = oneQ2 - halfDenominatorTimesX;
                x += Rescale(SaturatingRoundingDoublingHighMul(x, oneMinusHalfDenominatorTimesX), 4, 2);
            }
            return x;
        }
    }

    /// <summary>1/(1 + a) for a Q0.31 value a ∈ [0, 1), as Q0.31 (gemmlowp's one_over_one_plus_x_for_x_in_0_1).</summary>
    public static int OneOverOnePlusXForXIn01(int a) =>
        // x/2 re-read as Q1.30 (ExactMulByPot<−1>), then rescaled to Q0.31.
        Rescale(NewtonRaphsonTwoOverOnePlusX(a), 1, 0);

    /// <summary>(1 − a)/(1 + a) for a Q0.31 value a ∈ [0, 1), as Q0.31 (gemmlowp's one_minus_x_over_one_plus_x_for_x_in_0_1).</summary>
    public static int OneMinusXOverOnePlusXForXIn01(int a) =>
        Rescale(unchecked(NewtonRaphsonTwoOverOnePlusX(a) - (1 << 29)), 2, 0);

    /// <summary>tanh(a) for a Q<paramref name="integerBits"/> value, as Q0.31 (gemmlowp's tanh:
    /// (1 − e^(−2|a|)) / (1 + e^(−2|a|)) with the sign restored).</summary>
    public static int Tanh(int a, int integerBits)
    {
        if (a == 0) return 0;
        int negative = a < 0 ? a : unchecked(-a);
        // ExactMulByPot<1>: the same raw value read with one more integer bit is 2·n.
        int t = OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(negative, integerBits + 1));
        return a < 0 ? unchecked(-t) : t;
    }

    /// <summary>logistic(a) = 1/(1 + e^(−a)) for a Q<paramref name="integerBits"/> value, as Q0.31 (gemmlowp's logistic).</summary>
    public static int Logistic(int a, int integerBits)
    {
        if (a == 0) return 1 << 30; // one half
        int abs = a > 0 ? a : unchecked(-a);
        int ifPositive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(unchecked(-abs), integerBits));
        return a > 0 ? ifPositive : unchecked(OneQ0 - ifPositive);
    }

    /// <summary>
    /// 1/x for a Q<paramref name="integerDigits"/> value x &gt; 0, returned as a Q0.31 value to be
    /// scaled by 2^−<paramref name="numBitsOverUnit"/> (TFLite's GetReciprocal, used by SOFTMAX).
    /// </summary>
    /// <remarks>x is normalised to [1, 2) by its headroom; the reciprocal of 1 + f comes from
    /// <see cref="OneOverOnePlusXForXIn01"/>.</remarks>
    public static int GetReciprocal(int x, int integerDigits, out int numBitsOverUnit)
    {
        int headroomPlusOne = CountLeadingZeros((uint)x);
        numBitsOverUnit = integerDigits - headroomPlusOne;
        int shiftedSumMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        return OneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }
}
