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

    /// <summary>dst[0 … count) = value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fill(short* dst, int count, short value) => new Span<short>(dst, count).Fill(value);
}
