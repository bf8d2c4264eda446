using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-gemm-minmax 4×16c2 for AVX2: 4 rows × 16 output channels, K consumed in pairs. Each step
/// broadcasts one row's activation pair (vpbroadcastd) and multiplies it with two 8-column halves of
/// the pre-widened weight panel (vpmaddwd), accumulating 4×2 int32 vectors (8 of the 16 ymm
/// registers; 2 weight vectors and one broadcast make 11). No horizontal reduction is needed: each
/// accumulator lane is one output channel, ready for the per-channel requantization epilogue.
/// </summary>
/// <remarks>Peak: 16 MAC per vpmaddwd, two per cycle on Zen 3 (32 MAC/cycle). Per k-pair the loop
/// issues 8 vpmaddwd, 8 vpaddd, 2 panel loads and 4 broadcasts.</remarks>
public readonly unsafe struct QS8GemmMinmax4x16c2Avx2 : IQS8GemmMicrokernel
{
    /// <inheritdoc/>
    public static int MR => 4;

    /// <inheritdoc/>
    public static bool WideParams => false;

    /// <summary>True when this CPU can run the kernel.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int rows, int columns, int kPairs, short* a, nint aStride, short* w, int* p, int blockInts,
        sbyte* c, nint cStride, in QS8OutputParams output) where TRequant : IQS8Requantization
    {
        int* p1 = p + blockInts;
        var acc00 = Avx.LoadVector256(p);
        var acc01 = Avx.LoadVector256(p1);
        var acc10 = acc00;
        var acc11 = acc01;
        var acc20 = acc00;
        var acc21 = acc01;
        var acc30 = acc00;
        var acc31 = acc01;
        int* a0 = (int*)a, a1 = (int*)(a + aStride), a2 = (int*)(a + 2 * aStride), a3 = (int*)(a + 3 * aStride);
        // Two k-pairs per iteration (fewer loop instructions per vpmaddwd), then the odd one.
        nint t = 0, pairs = kPairs;
        for (; t + 2 <= pairs; t += 2, w += 64)
        {
            Step(w, a0 + t, a1 + t, a2 + t, a3 + t, ref acc00, ref acc01, ref acc10, ref acc11, ref acc20, ref acc21, ref acc30, ref acc31);
            Step(w + 32, a0 + t + 1, a1 + t + 1, a2 + t + 1, a3 + t + 1, ref acc00, ref acc01, ref acc10, ref acc11, ref acc20, ref acc21, ref acc30, ref acc31);
        }
        if (t < pairs) Step(w, a0 + t, a1 + t, a2 + t, a3 + t, ref acc00, ref acc01, ref acc10, ref acc11, ref acc20, ref acc21, ref acc30, ref acc31);

        var r01 = PackTwoRows(
            TRequant.Apply(acc00, p, output), TRequant.Apply(acc01, p1, output),
            TRequant.Apply(acc10, p, output), TRequant.Apply(acc11, p1, output), output);
        var r23 = PackTwoRows(
            TRequant.Apply(acc20, p, output), TRequant.Apply(acc21, p1, output),
            TRequant.Apply(acc30, p, output), TRequant.Apply(acc31, p1, output), output);
        if (rows == 4 && columns == 16)
        {
            r01.GetLower().Store(c);
            r01.GetUpper().Store(c + cStride);
            r23.GetLower().Store(c + 2 * cStride);
            r23.GetUpper().Store(c + 3 * cStride);
            return;
        }
        StorePartial(r01, r23, rows, columns, c, cStride);
    }

    /// <summary>One k-pair: each row's activation pair broadcast (vpbroadcastd) against both 8-column halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(short* w, int* x0, int* x1, int* x2, int* x3, ref Vector256<int> acc00, ref Vector256<int> acc01, ref Vector256<int> acc10,
        ref Vector256<int> acc11, ref Vector256<int> acc20, ref Vector256<int> acc21, ref Vector256<int> acc30, ref Vector256<int> acc31)
    {
        var b0 = Avx.LoadVector256(w);
        var b1 = Avx.LoadVector256(w + 16);
        var x = Vector256.Create(*x0).AsInt16();
        acc00 = Avx2.Add(acc00, Avx2.MultiplyAddAdjacent(x, b0));
        acc01 = Avx2.Add(acc01, Avx2.MultiplyAddAdjacent(x, b1));
        x = Vector256.Create(*x1).AsInt16();
        acc10 = Avx2.Add(acc10, Avx2.MultiplyAddAdjacent(x, b0));
        acc11 = Avx2.Add(acc11, Avx2.MultiplyAddAdjacent(x, b1));
        x = Vector256.Create(*x2).AsInt16();
        acc20 = Avx2.Add(acc20, Avx2.MultiplyAddAdjacent(x, b0));
        acc21 = Avx2.Add(acc21, Avx2.MultiplyAddAdjacent(x, b1));
        x = Vector256.Create(*x3).AsInt16();
        acc30 = Avx2.Add(acc30, Avx2.MultiplyAddAdjacent(x, b0));
        acc31 = Avx2.Add(acc31, Avx2.MultiplyAddAdjacent(x, b1));
    }

    /// <summary>
    /// Saturates two rows × 16 channels to int8 and clamps them: the result holds row A in its low
    /// 16 bytes and row B in its high 16 bytes, channels in order.
    /// </summary>
    /// <remarks>vpackssdw and vpacksswb work within 128-bit lanes, leaving 4-byte groups in the order
    /// A0–3, A8–11, B0–3, B8–11 | A4–7, A12–15, B4–7, B12–15; vpermd with (0,4,1,5,2,6,3,7) restores it.
    /// Saturating then clamping to [Min, Max] ⊆ [−128, 127] equals clamping the int32 directly.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<sbyte> PackTwoRows(Vector256<int> a0, Vector256<int> a1, Vector256<int> b0, Vector256<int> b1, in QS8OutputParams output)
    {
        var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a0, a1), Avx2.PackSignedSaturate(b0, b1));
        bytes = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte();
        return Avx2.Min(Avx2.Max(bytes, Vector256.Create((sbyte)output.Min)), Vector256.Create((sbyte)output.Max));
    }

    private static void StorePartial(Vector256<sbyte> r01, Vector256<sbyte> r23, int rows, int columns, sbyte* c, nint cStride)
    {
        sbyte* tile = stackalloc sbyte[64];
        r01.Store(tile);
        r23.Store(tile + 32);
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<sbyte>(tile + 16 * r, columns).CopyTo(new Span<sbyte>(c + r * cStride, columns));
    }
}
