using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// The few 128-bit operations the int8 kernels need that <see cref="Vector128"/> does not offer
/// portably, each with its SSE instruction and a portable equivalent (used on other CPUs and when
/// hardware intrinsics are disabled, so tests reach it on any machine).
/// </summary>
public static class QS8Vector128
{
    /// <summary>pmaddwd: <c>r[i] = a[2i]·b[2i] + a[2i+1]·b[2i+1]</c> in int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAddAdjacent(Vector128<short> a, Vector128<short> b) =>
        Sse2.IsSupported ? Sse2.MultiplyAddAdjacent(a, b) : MultiplyAddAdjacentPortable(a, b);

    /// <summary>The portable pmaddwd: the even int16 of each int32 lane sign-extended by (x ≪ 16) ≫ 16,
    /// the odd one by x ≫ 16; both products fit int32 and their sum wraps exactly as pmaddwd's
    /// (only (−32768)²·2 exceeds int32, and both wrap it to INT32_MIN).</summary>
    public static Vector128<int> MultiplyAddAdjacentPortable(Vector128<short> a, Vector128<short> b)
    {
        var a32 = a.AsInt32();
        var b32 = b.AsInt32();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a32, 16), 16) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(b32, 16), 16);
        var odd = Vector128.ShiftRightArithmetic(a32, 16) * Vector128.ShiftRightArithmetic(b32, 16);
        return even + odd;
    }

    /// <summary>punpcklwd: a0 b0 a1 b1 a2 b2 a3 b3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> InterleaveLow(Vector128<short> a, Vector128<short> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]);

    /// <summary>punpckhwd: a4 b4 a5 b5 a6 b6 a7 b7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> InterleaveHigh(Vector128<short> a, Vector128<short> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7]);

    /// <summary>punpcklbw: a0 b0 a1 b1 … a7 b7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> InterleaveLow(Vector128<sbyte> a, Vector128<sbyte> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7]);

    /// <summary>punpckhbw: a8 b8 a9 b9 … a15 b15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> InterleaveHigh(Vector128<sbyte> a, Vector128<sbyte> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a[8], b[8], a[9], b[9], a[10], b[10], a[11], b[11], a[12], b[12], a[13], b[13], a[14], b[14], a[15], b[15]);

    /// <summary>
    /// Four int32 vectors (16 lanes) to int8, saturating, then clamped to [min, max] ⊆ [−128, 127]:
    /// the same as clamping each int32 to [min, max] and truncating, which the portable form does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> PackClamp(Vector128<int> v0, Vector128<int> v1, Vector128<int> v2, Vector128<int> v3, int min, int max)
    {
        if (Sse41.IsSupported)
        {
            var bytes = Sse2.PackSignedSaturate(Sse2.PackSignedSaturate(v0, v1), Sse2.PackSignedSaturate(v2, v3));
            return Sse41.Min(Sse41.Max(bytes, Vector128.Create((sbyte)min)), Vector128.Create((sbyte)max));
        }
        var lo = Vector128.Create(min);
        var hi = Vector128.Create(max);
        var s01 = Vector128.Narrow(Vector128.Min(Vector128.Max(v0, lo), hi), Vector128.Min(Vector128.Max(v1, lo), hi));
        var s23 = Vector128.Narrow(Vector128.Min(Vector128.Max(v2, lo), hi), Vector128.Min(Vector128.Max(v3, lo), hi));
        return Vector128.Narrow(s01, s23);
    }
}
