using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

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
