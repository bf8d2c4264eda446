using System.Runtime.Intrinsics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// ONNX QuantizeLinear of float32 to int8 per tensor, 16 values per step:
/// <c>clamp(round_half_even(x / scale) + Z, −128, 127)</c> with the reference's operations
/// (<see cref="Quantization.Quantize"/>: an IEEE division, then rounding), so the codes are the same.
/// </summary>
/// <remarks>Clamping to [−128 − Z, 127 − Z] before rounding equals clamping after (integer bounds);
/// NaN, which the reference maps to Z, is replaced by 0 first.</remarks>
/// <param name="Scale">The scale (positive, finite).</param>
/// <param name="ZeroPoint">The zero point.</param>
public readonly record struct QS8QuantizeLinear(float Scale, int ZeroPoint)
{
    /// <summary>Quantizes <paramref name="x"/> into <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Run(ReadOnlySpan<float> x, Span<sbyte> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"{x.Length} values into {y.Length}", nameof(y));
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var s = Vector128.Create(Scale);
            var lo = Vector128.Create((float)(sbyte.MinValue - ZeroPoint));
            var hi = Vector128.Create((float)(sbyte.MaxValue - ZeroPoint));
            var z = Vector128.Create(ZeroPoint);
            for (; i + 16 <= x.Length; i += 16)
            {
                var a = Step(Vector128.Create(x.Slice(i, 4)), s, lo, hi, z);
                var b = Step(Vector128.Create(x.Slice(i + 4, 4)), s, lo, hi, z);
                var c = Step(Vector128.Create(x.Slice(i + 8, 4)), s, lo, hi, z);
                var d = Step(Vector128.Create(x.Slice(i + 12, 4)), s, lo, hi, z);
                Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).CopyTo(y.Slice(i, 16));
            }
        }
        for (; i < x.Length; i++) y[i] = (sbyte)Quantization.Quantize(x[i], Scale, ZeroPoint, sbyte.MinValue, sbyte.MaxValue, QuantizeRounding.HalfToEven);
    }

    private static Vector128<int> Step(Vector128<float> x, Vector128<float> scale, Vector128<float> lo, Vector128<float> hi, Vector128<int> zeroPoint)
    {
        var v = x / scale;
        v = Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128<float>.Zero);
        v = Vector128.Min(Vector128.Max(v, lo), hi);
        return Vector128.ConvertToInt32(Vector128.Round(v)) + zeroPoint;
    }
}
