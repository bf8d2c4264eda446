using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>Parameters of int8 HARD_SWISH (TFLite's HardSwishParams, computed in float as HardSwishPrepare does).</summary>
/// <param name="InputZeroPoint">Zx.</param>
/// <param name="OutputZeroPoint">Zy.</param>
/// <param name="OutputMultiplier">(s_x/128)/s_y as a Q0.15 significand.</param>
/// <param name="OutputExponent">Its exponent (≤ 0).</param>
/// <param name="ReluishMultiplier">(s_x/128)/(3/32768) as a Q0.15 significand.</param>
/// <param name="ReluishExponent">Its exponent.</param>
public readonly record struct HardSwishParams(int InputZeroPoint, int OutputZeroPoint, short OutputMultiplier, int OutputExponent,
    short ReluishMultiplier, int ReluishExponent)
{
    /// <summary>Computes the parameters.</summary>
    /// <exception cref="ArgumentException">The output multiplier's exponent is positive (TFLite rejects it too).</exception>
    public static HardSwishParams Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint)
    {
        float hiresInputScale = (1.0f / 128.0f) * inputScale;
        const float reluishScale = 3.0f / 32768.0f;
        var output = QuantizedMultiplier.FromDouble(hiresInputScale / outputScale);
        if (output.Shift > 0)
            throw new ArgumentException($"HARD_SWISH output multiplier {output.ToDouble()} needs a left shift, which TFLite does not support");
        var reluish = QuantizedMultiplier.FromDouble(hiresInputScale / reluishScale);
        return new(inputZeroPoint, outputZeroPoint, Requantize.DownScaleInt32ToInt16Multiplier(output.Multiplier), output.Shift,
            Requantize.DownScaleInt32ToInt16Multiplier(reluish.Multiplier), reluish.Shift);
    }
}

/// <summary>Quantized HARD_SWISH on int8, bit-exact with TFLite's reference_ops::HardSwish.</summary>
public static class HardSwishInteger
{
    /// <summary>
    /// x·relu6(x + 3)/6 in int16 fixed point (TFLite's reference_ops::HardSwish, quantized): the input is
    /// moved to a high-resolution scale, a "relu-ish" factor in [0, 1] is computed with saturating
    /// shifts, and the product is scaled to the output.
    /// </summary>
    public static void Int8(ReadOnlySpan<sbyte> input, in HardSwishParams p, Span<sbyte> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            short inputValue = (short)(input[i] - p.InputZeroPoint);
            short hires = unchecked((short)(inputValue * (1 << 7)));
            short preshiftOutput = FixedPoint.SaturatingRoundingDoublingHighMul(hires, p.OutputMultiplier);
            short reluish = hires;
            if (p.ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, p.ReluishExponent - 1);
            reluish = FixedPoint.SaturatingRoundingDoublingHighMul(reluish, p.ReluishMultiplier);
            if (p.ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, 1);
            if (p.ReluishExponent < 0) reluish = FixedPoint.RoundingDivideByPot(reluish, -p.ReluishExponent);
            reluish = (short)((reluish + (1 << 15)) >> 1); // [−1, 1] → [0, 1]
            short preshift = SaturatingDoublingHighMul(reluish, preshiftOutput);
            short y = FixedPoint.RoundingDivideByPot(preshift, -p.OutputExponent);
            y = unchecked((short)(y + p.OutputZeroPoint));
            output[i] = (sbyte)Math.Clamp(y, sbyte.MinValue, sbyte.MaxValue);
        }
    }

    /// <summary>TFLite's SaturatingLeftShift for int16.</summary>
    private static short SaturatingLeftShift(short value, int amount) =>
        (short)Math.Clamp((long)value * (1 << amount), short.MinValue, short.MaxValue);

    /// <summary>TFLite's SaturatingDoublingHighMul (ARM SQDMULH): like the rounding form but truncating
    /// toward zero, which cancels the bias of the earlier rounding multiplies.</summary>
    private static short SaturatingDoublingHighMul(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        return (short)(a * b / (1 << 15));
    }
}
