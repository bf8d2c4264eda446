using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>Parameters of int8 LOGISTIC and TANH (TFLite Micro's CalculateArithmeticOpData): the input
/// (minus its zero point) is rescaled into Q4.27; inputs beyond ±radius saturate.</summary>
/// <param name="InputZeroPoint">Zx.</param>
/// <param name="InputMultiplier">s_x·2^27 as a Q0.31 significand and exponent (from frexp, without the
/// 2^31 correction — TFLite builds it by hand).</param>
/// <param name="InputRangeRadius">CalculateInputRadius(4, shift).</param>
public readonly record struct SigmoidInt8Params(int InputZeroPoint, QuantizedMultiplier InputMultiplier, int InputRangeRadius)
{
    /// <summary>Integer bits of the rescaled input.</summary>
    public const int InputIntegerBits = 4;

    /// <summary>Computes the parameters from the input's quantization.</summary>
    public static SigmoidInt8Params Create(float inputScale, int inputZeroPoint)
    {
        double real = (double)inputScale * (1 << (31 - InputIntegerBits));
        var (q, shift) = QuantizedMultiplier.FrExp(real);
        int multiplier = unchecked((int)(long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero));
        return new(inputZeroPoint, new(multiplier, shift), Requantize.CalculateInputRadius(InputIntegerBits, shift, 31));
    }
}

/// <summary>Parameters of int16 LOGISTIC and TANH (TFLite Micro): a small integer multiplier and right
/// shift that bring the input to the sigmoid table's scale of 1/(3·4096), or multiplier 0 for the
/// power-of-two scales that need only the factor 3.</summary>
/// <param name="InputMultiplier">At most 32767; 0 for the power-of-two case.</param>
/// <param name="InputLeftShift">The right shift applied after the multiplication (TFLite's name).</param>
public readonly record struct SigmoidInt16Params(int InputMultiplier, int InputLeftShift)
{
    /// <summary>Computes the parameters; <paramref name="forTanh"/> also accepts shift 1 as a power of two.</summary>
    public static SigmoidInt16Params Create(float inputScale, bool forTanh)
    {
        const int inputIntegerBits = 3;
        bool pot = Requantize.CheckedLog2(inputScale, out int log2);
        int shift = 15 - inputIntegerBits + log2;
        pot &= shift == 0 || (forTanh && shift == 1);
        if (pot) return new(0, shift);
        double multiplier = (double)inputScale * 4096.0 * 3.0;
        shift = 0;
        while (multiplier <= 32767.0 / 2.0 && shift <= 30)
        {
            shift++;
            multiplier *= 2.0;
        }
        return new((int)multiplier, shift);
    }

    /// <summary>The input rescaled to the table's scale: (x·m + round) &gt;&gt; shift.</summary>
    internal int Rescale(int x)
    {
        int m = InputMultiplier, shift = InputLeftShift;
        if (m == 0)
        {
            m = 3 << shift;
            shift = 0;
        }
        int round = shift > 0 ? 1 << (shift - 1) : 0;
        return (x * m + round) >> shift;
    }
}

/// <summary>
/// Quantized LOGISTIC, bit-exact with TFLite's <c>reference_integer_ops::Logistic</c>
/// (integer_ops/logistic.h): int8 through gemmlowp's fixed-point logistic (output 1/256, −128), int16
/// through the interpolated sigmoid table (input and output zero point 0, output scale 2^−15).
/// </summary>
public static class LogisticInteger
{
    /// <summary>int8 logistic.</summary>
    public static void Int8(ReadOnlySpan<sbyte> input, in SigmoidInt8Params p, Span<sbyte> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x = input[i] - p.InputZeroPoint;
            if (x <= -p.InputRangeRadius) output[i] = sbyte.MinValue;
            else if (x >= p.InputRangeRadius) output[i] = sbyte.MaxValue;
            else
            {
                int q4 = p.InputMultiplier.Apply(x);
                int q0 = FixedPoint.Logistic(q4, SigmoidInt8Params.InputIntegerBits);
                // Q0.31 → 1/256 steps (Q23 of the 8-bit output), then the −128 zero point.
                int y = FixedPoint.RoundingDivideByPot(q0, 31 - 8) - 128;
                output[i] = (sbyte)Math.Clamp(y, sbyte.MinValue, sbyte.MaxValue);
            }
        }
    }

    /// <summary>int16 logistic: sigmoid table with 9 fractional index bits of interpolation.</summary>
    public static void Int16(ReadOnlySpan<short> input, in SigmoidInt16Params p, Span<short> output)
    {
        var table = SigmoidTable.Values;
        for (int i = 0; i < output.Length; i++)
        {
            int x = p.Rescale(input[i]);
            uint abs = (uint)Math.Abs(x);
            uint uh = abs >> 9;
            uint result;
            if (uh >= 255) result = 0x7FFFu << 10;
            else
            {
                uint ua = table[(int)uh], ub = table[(int)uh + 1];
                uint ut = abs & 0x1ff;
                result = unchecked((ua << 9) + ut * (ub - ua));
            }
            result = x >= 0 ? result + (1 << 9) : unchecked((1u << (16 + 9)) - result + (1 << 9) - 1);
            output[i] = unchecked((short)(result >> 10));
        }
    }
}

/// <summary>
/// Quantized TANH, bit-exact with TFLite's <c>reference_integer_ops::Tanh</c> (integer_ops/tanh.h):
/// int8 through gemmlowp's fixed-point tanh (output 1/128, 0), int16 through the sigmoid table and
/// tanh(x) = 2·sigmoid(2x) − 1.
/// </summary>
public static class TanhInteger
{
    /// <summary>int8 tanh.</summary>
    public static void Int8(ReadOnlySpan<sbyte> input, in SigmoidInt8Params p, Span<sbyte> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x = input[i] - p.InputZeroPoint;
            if (x <= -p.InputRangeRadius) output[i] = sbyte.MinValue;
            else if (x >= p.InputRangeRadius) output[i] = sbyte.MaxValue;
            else
            {
                int q0 = FixedPoint.Tanh(p.InputMultiplier.Apply(x), SigmoidInt8Params.InputIntegerBits);
                output[i] = (sbyte)Math.Clamp(FixedPoint.RoundingDivideByPot(q0, 31 - 7), sbyte.MinValue, sbyte.MaxValue);
            }
        }
    }

    /// <summary>int16 tanh: sigmoid table with 8 fractional index bits of interpolation.</summary>
    public static void Int16(ReadOnlySpan<short> input, in SigmoidInt16Params p, Span<short> output)
    {
        var table = SigmoidTable.Values;
        for (int i = 0; i < output.Length; i++)
        {
            int x = p.Rescale(input[i]);
            uint abs = (uint)Math.Abs(x);
            uint uh = abs >> 8;
            int result;
            if (uh >= 255) result = 0xFFFF << 8;
            else
            {
                uint ua = table[(int)uh], ub = table[(int)uh + 1];
                uint ut = abs & 0xFF;
                result = unchecked((int)((ua << 8) + ut * (ub - ua)));
            }
            result = x >= 0 ? result - (1 << (14 + 9)) + (1 << (9 - 2)) : -result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1;
            output[i] = unchecked((short)(result >> (9 - 1)));
        }
    }
}
