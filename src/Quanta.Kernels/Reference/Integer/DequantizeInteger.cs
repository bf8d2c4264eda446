using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>TFLite's DEQUANTIZE (reference Dequantize / PerChannelDequantize, and float16 → float32).</summary>
public static class DequantizeInteger
{
    /// <summary><c>scale · (q − Z)</c> in float, per tensor.</summary>
    public static void ToFloat<T>(ReadOnlySpan<T> input, float scale, int zeroPoint, Span<float> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
            output[i] = Quantization.Dequantize(unchecked(int.CreateTruncating(input[i]) - zeroPoint), scale, 0);
    }

    /// <summary>Per-axis dequantization (element i uses index <c>(i / innerSize) % scales.Length</c>).</summary>
    public static void ToFloatPerAxis<T>(ReadOnlySpan<T> input, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize, Span<float> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            int c = i / innerSize % scales.Length;
            output[i] = Quantization.Dequantize(unchecked(int.CreateTruncating(input[i]) - zeroPoints[c]), scales[c], 0);
        }
    }

    /// <summary>IEEE half → single, exact.</summary>
    public static void FromHalf(ReadOnlySpan<Half> input, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = (float)input[i];
    }
}
