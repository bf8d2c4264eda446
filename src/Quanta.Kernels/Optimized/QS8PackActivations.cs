using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// Widening of int8 activations into the int16 rows the GEMM microkernels read (im2col for k×k
/// windows), and the fills for padding.
/// </summary>
public static unsafe class QS8PackActivations
{
    /// <summary>dst[i] = src[i] for i &lt; count, sign-extended (vpmovsxbw). Reads and writes exactly count elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(sbyte* src, short* dst, int count)
    {
        int i = 0;
        if (Avx2.IsSupported)
        {
            for (; i + 16 <= count; i += 16) Avx2.ConvertToVector256Int16(src + i).Store(dst + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
                Vector128.WidenLower(Vector128.CreateScalar(*(long*)(src + i)).AsSByte()).Store(dst + i);
        }
        for (; i < count; i++) dst[i] = src[i];
    }

    /// <summary>int16 elements a destination needs beyond what it receives, for <see cref="WidenOvershoot"/>.</summary>
    public const int Slack = 16;

    /// <summary>
    /// dst[i] = src[i] for i &lt; count, in whole vectors of 16: may write up to 15 elements past
    /// <paramref name="count"/> (callers fill destinations in increasing order, so later runs
    /// overwrite the excess, and keep <see cref="Slack"/> spare at the end). Reads past count only
    /// while the 16 bytes end at or before <paramref name="srcEnd"/>; the rest is widened exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WidenOvershoot(sbyte* src, short* dst, int count, sbyte* srcEnd)
    {
        if (Avx2.IsSupported)
        {
            int i = 0;
            for (; i < count && src + i + 16 <= srcEnd; i += 16) Avx2.ConvertToVector256Int16(src + i).Store(dst + i);
            if (i < count) Widen(src + i, dst + i, count - i);
            return;
        }
        Widen(src, dst, count);
    }

    /// <summary>True when <see cref="Widen16"/> is a single instruction here (AVX2).</summary>
    public static bool CanWiden16 => Avx2.IsSupported;

    /// <summary>dst[0 … 16) = src[0 … 16) sign-extended, one vpmovsxbw (requires <see cref="CanWiden16"/>);
    /// callers use it for runs of at most 16 whose excess a later run or the padding overwrites.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen16(sbyte* src, short* dst) => Avx2.ConvertToVector256Int16(src).Store(dst);

    /// <summary>dst[0 … count) = value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fill(short* dst, int count, short value) => new Span<short>(dst, count).Fill(value);
}
