using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// TFLite's QUANTIZE: float → integer (reference AffineQuantize / PerChannelQuantize, rounding half
/// away from zero) and integer → integer requantization (reference Requantize).
/// </summary>
public static class QuantizeInteger
{
    /// <summary><c>clamp(round_half_away(x / scale) + Z)</c> per tensor, the division in float.</summary>
    public static void FromFloat<T>(ReadOnlySpan<float> input, float scale, int zeroPoint, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < output.Length; i++)
            output[i] = T.CreateTruncating(Quantization.Quantize(input[i], scale, zeroPoint, min, max, QuantizeRounding.HalfAwayFromZero));
    }

    /// <summary>Per-axis float → integer: element i uses the parameters of index <c>(i / innerSize) % scales.Length</c>.</summary>
    public static void FromFloatPerAxis<T>(ReadOnlySpan<float> input, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < output.Length; i++)
        {
            int c = i / innerSize % scales.Length;
            output[i] = T.CreateTruncating(Quantization.Quantize(input[i], scales[c], zeroPoints[c], min, max, QuantizeRounding.HalfAwayFromZero));
        }
    }

    /// <summary>
    /// Requantization between integer types: <c>clamp(Zy + M·(x − Zx))</c> with M = sx/sy (in double)
    /// and the 32-bit multiply. The int8↔uint8 fast path TFLite takes for equal scales (XOR 0x80)
    /// gives the same bits as this formula, so it needs no separate code.
    /// </summary>
    /// <remarks>x − Zx wraps for int32 inputs exactly as TFLite's int32 subtraction does.</remarks>
    public static void Requantize<TIn, TOut>(ReadOnlySpan<TIn> input, QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        long min = long.CreateTruncating(TOut.MinValue), max = long.CreateTruncating(TOut.MaxValue);
        for (int i = 0; i < output.Length; i++)
        {
            int x = unchecked(int.CreateTruncating(input[i]) - inputZeroPoint);
            long y = (long)multiplier.Apply(x) + outputZeroPoint;
            output[i] = TOut.CreateTruncating(Math.Clamp(y, min, max));
        }
    }
}
