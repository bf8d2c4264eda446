using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// ONNX QuantizeLinear of float32 to int8 per tensor, 64 (AVX-512), 32 (AVX2) or 16 values per step:
/// <c>clamp(round_half_even(x / scale) + Z, −128, 127)</c> with the reference's operations
/// (<see cref="Quantization.Quantize"/>: an IEEE division, then rounding), so the codes are the same.
/// </summary>
/// <remarks>Clamping to [−128 − Z, 127 − Z] before rounding equals clamping after (integer bounds);
/// NaN, which the reference maps to Z, is replaced by 0 first.</remarks>
/// <param name="Scale">The scale (positive, finite).</param>
/// <param name="ZeroPoint">The zero point.</param>
/// <param name="MaxVectorBits">The widest vectors to use (512, 256 or 128), so that a session capped
/// at a lower instruction set runs what its kernel name says; the CPU's own support still applies.</param>
public readonly record struct QS8QuantizeLinear(float Scale, int ZeroPoint, int MaxVectorBits = 512)
{
    /// <summary>Quantizes <paramref name="x"/> into <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Run(ReadOnlySpan<float> x, Span<sbyte> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"{x.Length} values into {y.Length}", nameof(y));
        int i = 0;
        if (MaxVectorBits >= 512 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated) i = Run512(x, y);
        else if (MaxVectorBits >= 256 && Avx2.IsSupported) i = Run256(x, y);
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

    /// <summary>Whole blocks of 64; returns how many values it quantized.</summary>
    private int Run512(ReadOnlySpan<float> x, Span<sbyte> y)
    {
        var s = Vector512.Create(Scale);
        var lo = Vector512.Create((float)(sbyte.MinValue - ZeroPoint));
        var hi = Vector512.Create((float)(sbyte.MaxValue - ZeroPoint));
        var z = Vector512.Create(ZeroPoint);
        ref float src = ref MemoryMarshal.GetReference(x);
        ref sbyte dst = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 64 <= x.Length; i += 64)
        {
            // The codes lie in [−128, 127] after the clamp, so vpmovsdb's saturation never acts.
            var a = Avx512F.ConvertToVector128SByteWithSaturation(Step(Vector512.LoadUnsafe(ref src, (nuint)i), s, lo, hi, z));
            var b = Avx512F.ConvertToVector128SByteWithSaturation(Step(Vector512.LoadUnsafe(ref src, (nuint)i + 16), s, lo, hi, z));
            var c = Avx512F.ConvertToVector128SByteWithSaturation(Step(Vector512.LoadUnsafe(ref src, (nuint)i + 32), s, lo, hi, z));
            var d = Avx512F.ConvertToVector128SByteWithSaturation(Step(Vector512.LoadUnsafe(ref src, (nuint)i + 48), s, lo, hi, z));
            a.StoreUnsafe(ref dst, (nuint)i);
            b.StoreUnsafe(ref dst, (nuint)i + 16);
            c.StoreUnsafe(ref dst, (nuint)i + 32);
            d.StoreUnsafe(ref dst, (nuint)i + 48);
        }
        return i;
    }

    /// <summary>Whole blocks of 32 (AVX2); returns how many values it quantized.</summary>
    private int Run256(ReadOnlySpan<float> x, Span<sbyte> y)
    {
        var s = Vector256.Create(Scale);
        var lo = Vector256.Create((float)(sbyte.MinValue - ZeroPoint));
        var hi = Vector256.Create((float)(sbyte.MaxValue - ZeroPoint));
        var z = Vector256.Create(ZeroPoint);
        ref float src = ref MemoryMarshal.GetReference(x);
        ref sbyte dst = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 32 <= x.Length; i += 32)
        {
            var a = Step(Vector256.LoadUnsafe(ref src, (nuint)i), s, lo, hi, z);
            var b = Step(Vector256.LoadUnsafe(ref src, (nuint)i + 8), s, lo, hi, z);
            var c = Step(Vector256.LoadUnsafe(ref src, (nuint)i + 16), s, lo, hi, z);
            var d = Step(Vector256.LoadUnsafe(ref src, (nuint)i + 24), s, lo, hi, z);
            // In-lane packs leave 4-byte groups as a0 b0 c0 d0 | a1 b1 c1 d1; vpermd restores a b c d.
            var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d));
            Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte().StoreUnsafe(ref dst, (nuint)i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Step(Vector512<float> x, Vector512<float> scale, Vector512<float> lo, Vector512<float> hi, Vector512<int> zeroPoint)
    {
        var v = x / scale;
        v = Vector512.ConditionalSelect(Vector512.Equals(v, v), v, Vector512<float>.Zero);
        v = Vector512.Min(Vector512.Max(v, lo), hi);
        return Avx512F.ConvertToVector512Int32(v) + zeroPoint;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Step(Vector256<float> x, Vector256<float> scale, Vector256<float> lo, Vector256<float> hi, Vector256<int> zeroPoint)
    {
        var v = x / scale;
        v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<float>.Zero);
        v = Vector256.Min(Vector256.Max(v, lo), hi);
        return Avx.ConvertToVector256Int32(v) + zeroPoint;
    }

    private static Vector128<int> Step(Vector128<float> x, Vector128<float> scale, Vector128<float> lo, Vector128<float> hi, Vector128<int> zeroPoint)
    {
        var v = x / scale;
        v = Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128<float>.Zero);
        v = Vector128.Min(Vector128.Max(v, lo), hi);
        return Vector128.ConvertToInt32(Vector128.Round(v)) + zeroPoint;
    }
}
