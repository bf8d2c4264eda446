using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// ONNX QuantizeLinear and DequantizeLinear over row-major buffers, per tensor or per axis:
/// <c>y = saturate(round_half_even(x / scale) + zeroPoint)</c> and <c>y = (x − zeroPoint) · scale</c>,
/// both in float as the spec and ONNX Runtime (MlasQuantizeLinear, MlasDequantizeLinear) compute them.
/// </summary>
/// <remarks>
/// Element i uses the parameters of its index along the quantized axis, <c>(i / innerSize) % count</c>;
/// one scale means per tensor. NaN quantizes to the zero point.
/// </remarks>
public static class QuantizeLinearReference
{
    /// <summary>Quantizes floats to <typeparamref name="T"/> (int8, uint8, int16 or int32), saturating.</summary>
    /// <exception cref="ArgumentException">Lengths do not match.</exception>
    public static void Quantize<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize, Span<T> y)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        Check(x.Length, y.Length, scales.Length, zeroPoints.Length, innerSize);
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        int count = scales.Length;
        for (int i = 0; i < x.Length; i++)
        {
            int c = count == 1 ? 0 : i / innerSize % count;
            y[i] = T.CreateTruncating(Quantization.Quantize(x[i], scales[c], zeroPoints[c], min, max, QuantizeRounding.HalfToEven));
        }
    }

    /// <summary>Dequantizes <typeparamref name="T"/> codes to floats.</summary>
    /// <exception cref="ArgumentException">Lengths do not match.</exception>
    public static void Dequantize<T>(ReadOnlySpan<T> x, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize, Span<float> y)
        where T : unmanaged, IBinaryInteger<T>
    {
        Check(x.Length, y.Length, scales.Length, zeroPoints.Length, innerSize);
        int count = scales.Length;
        for (int i = 0; i < x.Length; i++)
        {
            int c = count == 1 ? 0 : i / innerSize % count;
            y[i] = Quantization.Dequantize(int.CreateTruncating(x[i]), scales[c], zeroPoints[c]);
        }
    }

    /// <summary>
    /// DynamicQuantizeLinear's parameters for uint8: the range of <paramref name="x"/> widened to
    /// include 0, <c>scale = (max − min) / 255</c> (1 when the range is empty, as ONNX Runtime does,
    /// where the spec would divide by zero), <c>zeroPoint = round_half_even(clamp(−min / scale, 0, 255))</c>.
    /// </summary>
    /// <remarks>All arithmetic in float, in this order (ORT's GetQuantizationParameter). NaNs are ignored
    /// by the min/max scan.</remarks>
    public static (float Scale, int ZeroPoint) DynamicParameters(ReadOnlySpan<float> x)
    {
        float min = 0f, max = 0f;
        foreach (float v in x)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float scale = max == min ? 1f : (max - min) / 255f;
        float initialZeroPoint = 0f - min / scale;
        float zeroPoint = MathF.Round(Math.Clamp(initialZeroPoint, 0f, 255f), MidpointRounding.ToEven);
        return (scale, (int)zeroPoint);
    }

    private static void Check(int inputs, int outputs, int scales, int zeroPoints, int innerSize)
    {
        if (inputs != outputs) throw new ArgumentException($"{inputs} inputs but {outputs} outputs");
        if (scales == 0 || scales != zeroPoints) throw new ArgumentException($"{scales} scales and {zeroPoints} zero points");
        if (innerSize <= 0) throw new ArgumentException($"inner size {innerSize} must be positive");
    }
}
