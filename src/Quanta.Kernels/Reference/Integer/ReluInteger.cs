using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>Quantized RELU, RELU6 and RELU_N1_TO_1 on int8 or int16 (TFLite's ReluX with requantization).</summary>
public static class ReluInteger
{
    /// <summary>
    /// RELU, RELU6, RELU_N1_TO_1 (TFLite's ReluX with requantization): <c>clamp(Zy + M·(x − Zx), min, max)</c>
    /// with M = s_x/s_y and [min, max] the clamp bounds quantized on the output.
    /// </summary>
    public static void ReluX<T>(ReadOnlySpan<T> input, int inputZeroPoint, QuantizedMultiplier multiplier, int outputZeroPoint,
        int activationMin, int activationMax, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            int y = outputZeroPoint + multiplier.Apply(int.CreateTruncating(input[i]) - inputZeroPoint);
            output[i] = T.CreateTruncating(Math.Clamp(y, activationMin, activationMax));
        }
    }

    /// <summary>The clamp bounds of ReluX: <c>Zy + roundf(bound/s_y)</c> within the type range; an infinite
    /// upper bound means the type's maximum.</summary>
    public static (int Min, int Max) Bounds(float lower, float upper, float outputScale, int outputZeroPoint, int typeMin, int typeMax)
    {
        int min = Math.Max(typeMin, outputZeroPoint + (int)MathF.Round(lower / outputScale, MidpointRounding.AwayFromZero));
        int max = float.IsPositiveInfinity(upper)
            ? typeMax
            : Math.Min(typeMax, outputZeroPoint + (int)MathF.Round(upper / outputScale, MidpointRounding.AwayFromZero));
        return (min, max);
    }
}
