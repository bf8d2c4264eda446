using System.Diagnostics;

namespace Quanta.Kernels.Arithmetic;

/// <summary>
/// A real multiplier M as TFLite stores it: a Q0.31 significand and a power-of-two exponent,
/// <c>M ≈ Multiplier / 2^31 · 2^Shift</c> with Multiplier ∈ [2^30, 2^31) (or 0), positive Shift
/// meaning a left shift (TFLite's QuantizeMultiplier convention).
/// </summary>
/// <param name="Multiplier">The Q0.31 significand (negative for a negative M).</param>
/// <param name="Shift">The exponent: &gt; 0 left, &lt; 0 right.</param>
public readonly record struct QuantizedMultiplier(int Multiplier, int Shift)
{
    /// <summary>The real value this pair represents.</summary>
    public double ToDouble() => Multiplier / 2147483648.0 * Math.ScaleB(1.0, Shift);

    /// <summary>
    /// TFLite's QuantizeMultiplier (quantization_util.cc, default build): frexp splits M into
    /// q ∈ [0.5, 1) and an exponent; q·2^31 is rounded half away from zero.
    /// </summary>
    /// <remarks>
    /// Two corrections follow TFLite exactly: a significand that rounds up to 2^31 (M just below a
    /// power of two, e.g. 0.99999999) becomes 2^30 with the exponent raised by one; and M below
    /// about 2^−31 (exponent &lt; −31) flushes to zero, since any int32 input would be shifted out
    /// entirely. M = 0 gives (0, 0). 1.0 gives (2^30, 1).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">M is NaN or infinite.</exception>
    public static QuantizedMultiplier FromDouble(double realMultiplier)
    {
        if (!double.IsFinite(realMultiplier))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "a quantized multiplier must be finite");
        if (realMultiplier == 0) return new(0, 0);
        var (q, shift) = FrExp(realMultiplier);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        Debug.Assert(qFixed <= 1L << 31);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31)
        {
            shift = 0;
            qFixed = 0;
        }
        return new((int)qFixed, shift);
    }

    /// <summary>TFLite's QuantizeMultiplierSmallerThanOneExp: M ∈ (0, 1), so Shift ≤ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">M is outside (0, 1).</exception>
    public static QuantizedMultiplier FromDoubleSmallerThanOne(double realMultiplier)
    {
        if (!(realMultiplier > 0 && realMultiplier < 1))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "expected a multiplier in (0, 1)");
        return FromDouble(realMultiplier);
    }

    /// <summary>TFLite's QuantizeMultiplierGreaterThanOne: M &gt; 1, so Shift ≥ 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">M ≤ 1.</exception>
    public static QuantizedMultiplier FromDoubleGreaterThanOne(double realMultiplier)
    {
        if (!(realMultiplier > 1) || !double.IsFinite(realMultiplier))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "expected a finite multiplier above 1");
        return FromDouble(realMultiplier);
    }

    /// <summary>C's frexp: x = q·2^e with |q| ∈ [0.5, 1). Exact (ILogB and ScaleB only move the exponent).</summary>
    internal static (double Fraction, int Exponent) FrExp(double x)
    {
        int e = Math.ILogB(x) + 1;
        return (Math.ScaleB(x, -e), e);
    }

    /// <summary><c>x · M</c> with TFLite's default (double-rounding) 32-bit requantization;
    /// see <see cref="Requantize.MultiplyByQuantizedMultiplier(int, int, int)"/>.</summary>
    public int Apply(int x) => Requantize.MultiplyByQuantizedMultiplier(x, Multiplier, Shift);

    /// <summary><c>x · M</c> with TFLite's 64-bit-input requantization (int16 activations);
    /// see <see cref="Requantize.MultiplyByQuantizedMultiplier(long, int, int)"/>.</summary>
    public int Apply(long x) => Requantize.MultiplyByQuantizedMultiplier(x, Multiplier, Shift);
}
