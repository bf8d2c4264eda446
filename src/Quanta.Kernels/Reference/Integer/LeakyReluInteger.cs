using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>Quantized LEAKY_RELU on int8 or int16, bit-exact with TFLite's reference_ops::QuantizeLeakyRelu.</summary>
public static class LeakyReluInteger
{
    /// <summary>
    /// LEAKY_RELU (TFLite's reference_ops::QuantizeLeakyRelu): x − Zx ≥ 0 is rescaled by s_x/s_y,
    /// negative values by α·s_x/s_y, both with the 32-bit multiply; the result saturates to the type.
    /// </summary>
    public static void LeakyRelu<T>(ReadOnlySpan<T> input, int inputZeroPoint, QuantizedMultiplier identity, QuantizedMultiplier alpha,
        int outputZeroPoint, Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < output.Length; i++)
        {
            int x = int.CreateTruncating(input[i]) - inputZeroPoint;
            int y = outputZeroPoint + (x >= 0 ? identity.Apply(x) : alpha.Apply(x));
            output[i] = T.CreateTruncating(Math.Clamp(y, min, max));
        }
    }

    /// <summary>LEAKY_RELU's two multipliers, computed in float before widening as TFLite Micro's
    /// CalculateOpDataLeakyRelu does.</summary>
    public static (QuantizedMultiplier Identity, QuantizedMultiplier Alpha) Multipliers(float inputScale, float alpha, float outputScale) =>
        (QuantizedMultiplier.FromDouble(inputScale / outputScale), QuantizedMultiplier.FromDouble(inputScale * alpha / outputScale));
}
