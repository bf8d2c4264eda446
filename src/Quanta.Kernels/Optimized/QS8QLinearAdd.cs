using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// com.microsoft QLinearAdd on int8 tensors of one shape, 32 (AVX-512: two zmm of 16) or 16 elements per step:
/// <c>y = clamp(round_half_even((s_a·(a − Z_a) + s_b·(b − Z_b)) / s_y) + Z_y)</c>, every step the same
/// IEEE binary32 operation as the reference (<see cref="Quantization.Dequantize"/>, float add,
/// <see cref="Quantization.Quantize"/>: a division, not a multiply by the reciprocal), so the result
/// is the reference's bit for bit.
/// </summary>
/// <remarks>
/// The clamp is applied before rounding, to [min − Z_y, max − Z_y]; the bounds are integers, so that
/// equals the reference's clamp after rounding. Scales must be finite, positive and at most
/// <see cref="MaxScale"/>, so that no sum is infinite or NaN (where vector min/max and the
/// reference's NaN handling would differ).
/// </remarks>
/// <param name="A">Scale and zero point of A.</param>
/// <param name="B">Scale and zero point of B.</param>
/// <param name="Y">Scale and zero point of the output.</param>
/// <param name="Min">Lowest output code.</param>
/// <param name="Max">Highest output code.</param>
/// <param name="MaxVectorBits">The widest vectors to use (512, 256 or 128), so that a session capped
/// at a lower instruction set runs what its kernel name says; the CPU's own support still applies.</param>
public readonly record struct QS8QLinearAdd(AffineQuant A, AffineQuant B, AffineQuant Y, int Min, int Max, int MaxVectorBits = 512)
{
    /// <summary>The largest input scale for which the dequantized values stay far from overflow.</summary>
    public const float MaxScale = 1e30f;

    /// <summary>Adds <paramref name="a"/> and <paramref name="b"/> element by element into <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Run(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, Span<sbyte> y)
    {
        if (a.Length != y.Length || b.Length != y.Length) throw new ArgumentException($"{a.Length} + {b.Length} elements into {y.Length}", nameof(y));
        int i = 0;
        if (MaxVectorBits >= 512 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated) i = Run512(a, b, y);
        else if (MaxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            var za = Vector256.Create(A.ZeroPoint);
            var zb = Vector256.Create(B.ZeroPoint);
            var zy = Vector256.Create(Y.ZeroPoint);
            var sa = Vector256.Create(A.Scale);
            var sb = Vector256.Create(B.Scale);
            var sy = Vector256.Create(Y.Scale);
            var lo = Vector256.Create((float)(Min - Y.ZeroPoint));
            var hi = Vector256.Create((float)(Max - Y.ZeroPoint));
            for (; i + 32 <= y.Length; i += 32)
            {
                // Widen and Narrow keep element order (lane crossing included), as in the 128-bit loop.
                var (a0, a1) = Vector256.Widen(Vector256.Create(a.Slice(i, 32)));
                var (b0, b1) = Vector256.Widen(Vector256.Create(b.Slice(i, 32)));
                var (a00, a01) = Vector256.Widen(a0);
                var (a10, a11) = Vector256.Widen(a1);
                var (b00, b01) = Vector256.Widen(b0);
                var (b10, b11) = Vector256.Widen(b1);
                var y0 = Step(a00, b00, za, zb, zy, sa, sb, sy, lo, hi);
                var y1 = Step(a01, b01, za, zb, zy, sa, sb, sy, lo, hi);
                var y2 = Step(a10, b10, za, zb, zy, sa, sb, sy, lo, hi);
                var y3 = Step(a11, b11, za, zb, zy, sa, sb, sy, lo, hi);
                Vector256.Narrow(Vector256.Narrow(y0, y1), Vector256.Narrow(y2, y3)).CopyTo(y.Slice(i, 32));
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var za = Vector128.Create(A.ZeroPoint);
            var zb = Vector128.Create(B.ZeroPoint);
            var zy = Vector128.Create(Y.ZeroPoint);
            var sa = Vector128.Create(A.Scale);
            var sb = Vector128.Create(B.Scale);
            var sy = Vector128.Create(Y.Scale);
            var lo = Vector128.Create((float)(Min - Y.ZeroPoint));
            var hi = Vector128.Create((float)(Max - Y.ZeroPoint));
            for (; i + 16 <= y.Length; i += 16)
            {
                var (a0, a1) = Vector128.Widen(Vector128.Create(a.Slice(i, 16)));
                var (b0, b1) = Vector128.Widen(Vector128.Create(b.Slice(i, 16)));
                var (a00, a01) = Vector128.Widen(a0);
                var (a10, a11) = Vector128.Widen(a1);
                var (b00, b01) = Vector128.Widen(b0);
                var (b10, b11) = Vector128.Widen(b1);
                var y0 = Step(a00, b00, za, zb, zy, sa, sb, sy, lo, hi);
                var y1 = Step(a01, b01, za, zb, zy, sa, sb, sy, lo, hi);
                var y2 = Step(a10, b10, za, zb, zy, sa, sb, sy, lo, hi);
                var y3 = Step(a11, b11, za, zb, zy, sa, sb, sy, lo, hi);
                Vector128.Narrow(Vector128.Narrow(y0, y1), Vector128.Narrow(y2, y3)).CopyTo(y.Slice(i, 16));
            }
        }
        for (; i < y.Length; i++)
        {
            float sum = Quantization.Dequantize(a[i], A.Scale, A.ZeroPoint) + Quantization.Dequantize(b[i], B.Scale, B.ZeroPoint);
            y[i] = (sbyte)Quantization.Quantize(sum, Y.Scale, Y.ZeroPoint, Min, Max, QuantizeRounding.HalfToEven);
        }
    }

    /// <summary>Whole blocks of 32 with AVX-512F: vpmovsxbd straight from memory, vpmovsdb to store
    /// (the codes are clamped, so its saturation never acts). Returns how many elements it computed.</summary>
    private unsafe int Run512(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, Span<sbyte> y)
    {
        var za = Vector512.Create(A.ZeroPoint);
        var zb = Vector512.Create(B.ZeroPoint);
        var zy = Vector512.Create(Y.ZeroPoint);
        var sa = Vector512.Create(A.Scale);
        var sb = Vector512.Create(B.Scale);
        var sy = Vector512.Create(Y.Scale);
        var lo = Vector512.Create((float)(Min - Y.ZeroPoint));
        var hi = Vector512.Create((float)(Max - Y.ZeroPoint));
        int i = 0;
        fixed (sbyte* pa = a)
        fixed (sbyte* pb = b)
        fixed (sbyte* py = y)
        {
            for (; i + 32 <= y.Length; i += 32)
            {
                var y0 = Step512(Avx512F.ConvertToVector512Int32(Vector128.Load(pa + i)), Avx512F.ConvertToVector512Int32(Vector128.Load(pb + i)), za, zb, zy, sa, sb, sy, lo, hi);
                var y1 = Step512(Avx512F.ConvertToVector512Int32(Vector128.Load(pa + i + 16)), Avx512F.ConvertToVector512Int32(Vector128.Load(pb + i + 16)), za, zb, zy, sa, sb, sy, lo, hi);
                Avx512F.ConvertToVector128SByteWithSaturation(y0).Store(py + i);
                Avx512F.ConvertToVector128SByteWithSaturation(y1).Store(py + i + 16);
            }
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Step512(Vector512<int> a, Vector512<int> b, Vector512<int> za, Vector512<int> zb, Vector512<int> zy,
        Vector512<float> sa, Vector512<float> sb, Vector512<float> sy, Vector512<float> lo, Vector512<float> hi)
    {
        // Separate multiplies and add (no FMA): the reference rounds each product and the sum.
        var sum = Avx512F.Multiply(sa, Avx512F.ConvertToVector512Single(a - za)) + Avx512F.Multiply(sb, Avx512F.ConvertToVector512Single(b - zb));
        var v = Avx512F.Min(Avx512F.Max(Avx512F.Divide(sum, sy), lo), hi);
        return Avx512F.ConvertToVector512Int32(v) + zy;
    }

    private static Vector256<int> Step(Vector256<int> a, Vector256<int> b, Vector256<int> za, Vector256<int> zb, Vector256<int> zy,
        Vector256<float> sa, Vector256<float> sb, Vector256<float> sy, Vector256<float> lo, Vector256<float> hi)
    {
        var sum = sa * Vector256.ConvertToSingle(a - za) + sb * Vector256.ConvertToSingle(b - zb);
        var v = Vector256.Min(Vector256.Max(sum / sy, lo), hi);
        return Vector256.ConvertToInt32(Vector256.Round(v)) + zy;
    }

    private static Vector128<int> Step(Vector128<int> a, Vector128<int> b, Vector128<int> za, Vector128<int> zb, Vector128<int> zy,
        Vector128<float> sa, Vector128<float> sb, Vector128<float> sy, Vector128<float> lo, Vector128<float> hi)
    {
        var sum = sa * Vector128.ConvertToSingle(a - za) + sb * Vector128.ConvertToSingle(b - zb);
        var v = Vector128.Min(Vector128.Max(sum / sy, lo), hi);
        return Vector128.ConvertToInt32(Vector128.Round(v)) + zy;
    }
}
