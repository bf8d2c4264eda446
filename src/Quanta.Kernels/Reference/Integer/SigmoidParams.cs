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
