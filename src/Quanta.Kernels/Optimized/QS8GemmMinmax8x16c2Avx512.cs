using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-gemm-minmax 8×16c2 for AVX-512BW: 8 rows × 16 output channels, K consumed in pairs, on the
/// same packed panels as <see cref="QS8GemmMinmax4x16c2Avx2"/> (one k-pair of a 16-column panel is
/// 32 int16 = exactly one zmm). Each step loads that zmm once, broadcasts each row's activation
/// pair (vpbroadcastd) and accumulates one vpmaddwd per row: 8 accumulators, 16 channels each.
/// </summary>
/// <remarks>
/// <para>Why 512 bits without VNNI: Zen 4 runs a zmm vpmaddwd as two 256-bit halves, so the peak is
/// the same 32 MAC/cycle as two ymm vpmaddwd, but each zmm instruction carries twice the work. The
/// AVX2 4×16 loop issues ~22 instructions per 128 MACs; here a k-pair is 1 load + 8 broadcasts +
/// 8 vpmaddwd + 8 vpaddd for 256 MACs. What limits both is vpaddd competing with vpmaddwd for the
/// two multiply pipes; summing two products before the accumulator recovers most of it.</para>
/// <para>The epilogue requantizes 16 channels per instruction from the panel's 16-slot parameter block
/// (<see cref="QS8GemmWeights.WideParams"/>), packs four rows into one zmm (vpackssdw, vpacksswb,
/// vpermd), clamps once per four rows and stores each row's 16 bytes (masked for partial panels).</para>
/// </remarks>
public readonly unsafe struct QS8GemmMinmax8x16c2Avx512 : IQS8GemmMicrokernel
{
    /// <inheritdoc/>
    public static int MR => 8;

    /// <inheritdoc/>
    public static bool WideParams => true;

    /// <summary>True when this CPU can run the kernel (AVX-512F and BW with fast 512-bit vectors).</summary>
    public static bool IsSupported => Avx512BW.IsSupported && Avx512BW.VL.IsSupported && Vector512.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int rows, int columns, int kPairs, short* a, nint aStride, short* w, int* p, int blockInts,
        sbyte* c, nint cStride, in QS8OutputParams output) where TRequant : IQS8Requantization
    {
        if (rows == 1)
        {
            // A single row (fully connected layers at batch 1): the 8-row loop would do 8× the work.
            OneRow<TRequant>(columns, kPairs, (int*)a, w, p, c, output);
            return;
        }
        var acc0 = Vector512.Load(p);
        var acc1 = acc0;
        var acc2 = acc0;
        var acc3 = acc0;
        var acc4 = acc0;
        var acc5 = acc0;
        var acc6 = acc0;
        var acc7 = acc0;
        int* a0 = (int*)a, a1 = (int*)(a + aStride), a2 = (int*)(a + 2 * aStride), a3 = (int*)(a + 3 * aStride);
        int* a4 = (int*)(a + 4 * aStride), a5 = (int*)(a + 5 * aStride), a6 = (int*)(a + 6 * aStride), a7 = (int*)(a + 7 * aStride);
        // Two k-pairs per iteration, their products summed before the accumulator: (m0 + m1) + acc has
        // the same count of vpaddd as two accumulating adds, but measures 84% of peak instead of 72%
        // on Zen 4 (the accumulator chain has half the links). int32 addition wraps, so order is free.
        nint t = 0, pairs = kPairs;
        for (; t + 2 <= pairs; t += 2, w += 64)
        {
            var b0 = Vector512.Load(w);
            var b1 = Vector512.Load(w + 32);
            acc0 += Pair(a0 + t, b0, b1);
            acc1 += Pair(a1 + t, b0, b1);
            acc2 += Pair(a2 + t, b0, b1);
            acc3 += Pair(a3 + t, b0, b1);
            acc4 += Pair(a4 + t, b0, b1);
            acc5 += Pair(a5 + t, b0, b1);
            acc6 += Pair(a6 + t, b0, b1);
            acc7 += Pair(a7 + t, b0, b1);
        }
        if (t < pairs)
        {
            var b = Vector512.Load(w);
            acc0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a0[t]).AsInt16(), b);
            acc1 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a1[t]).AsInt16(), b);
            acc2 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a2[t]).AsInt16(), b);
            acc3 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a3[t]).AsInt16(), b);
            acc4 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a4[t]).AsInt16(), b);
            acc5 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a5[t]).AsInt16(), b);
            acc6 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a6[t]).AsInt16(), b);
            acc7 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(a7[t]).AsInt16(), b);
        }

        var r0123 = TRequant.FourRows(acc0, acc1, acc2, acc3, p, output);
        var r4567 = TRequant.FourRows(acc4, acc5, acc6, acc7, p, output);
        if (rows == 8 && columns == 16)
        {
            StoreFour(r0123, c, cStride);
            StoreFour(r4567, c + 4 * cStride, cStride);
            return;
        }
        StorePartial(r0123, r4567, rows, columns, c, cStride);
    }

    /// <summary>One row: four k-pairs per step into four accumulators (vpmaddwd latency), summed at the end.</summary>
    private static void OneRow<TRequant>(int columns, int kPairs, int* x, short* w, int* p, sbyte* c, in QS8OutputParams output)
        where TRequant : IQS8Requantization
    {
        var acc0 = Vector512.Load(p);
        Vector512<int> acc1 = default, acc2 = default, acc3 = default;
        nint t = 0, pairs = kPairs;
        for (; t + 4 <= pairs; t += 4, w += 128)
        {
            acc0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[t]).AsInt16(), Vector512.Load(w));
            acc1 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[t + 1]).AsInt16(), Vector512.Load(w + 32));
            acc2 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[t + 2]).AsInt16(), Vector512.Load(w + 64));
            acc3 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[t + 3]).AsInt16(), Vector512.Load(w + 96));
        }
        for (; t < pairs; t++, w += 32) acc0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[t]).AsInt16(), Vector512.Load(w));
        var acc = (acc0 + acc1) + (acc2 + acc3);
        var row = TRequant.FourRows(acc, acc, acc, acc, p, output).GetLower().GetLower();
        if (columns == 16) row.Store(c);
        else Avx512BW.VL.MaskStore(c, ColumnMask(columns), row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> ColumnMask(int columns) =>
        Vector128.LessThan(Vector128.Create((sbyte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector128.Create((sbyte)columns));

    /// <summary>Row x's k-pairs x[0] and x[1] times panel k-pairs b0 and b1, summed (16 channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Pair(int* x, Vector512<short> b0, Vector512<short> b1) =>
        Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[0]).AsInt16(), b0) + Avx512BW.MultiplyAddAdjacent(Vector512.Create(x[1]).AsInt16(), b1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFour(Vector512<sbyte> rows, sbyte* c, nint cStride)
    {
        rows.GetLower().GetLower().Store(c);
        Avx512F.ExtractVector128(rows, 1).Store(c + cStride);
        Avx512F.ExtractVector128(rows, 2).Store(c + 2 * cStride);
        Avx512F.ExtractVector128(rows, 3).Store(c + 3 * cStride);
    }

    private static void StorePartial(Vector512<sbyte> r0123, Vector512<sbyte> r4567, int rows, int columns, sbyte* c, nint cStride)
    {
        var mask = ColumnMask(columns);
        for (int r = 0; r < rows; r++)
        {
            var v = r < 4 ? r0123 : r4567;
            var row = (r & 3) switch
            {
                0 => v.GetLower().GetLower(),
                1 => Avx512F.ExtractVector128(v, 1),
                2 => Avx512F.ExtractVector128(v, 2),
                _ => Avx512F.ExtractVector128(v, 3),
            };
            Avx512BW.VL.MaskStore(c + r * cStride, mask, row);
        }
    }
}
