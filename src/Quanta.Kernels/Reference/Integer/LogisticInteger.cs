using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

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
