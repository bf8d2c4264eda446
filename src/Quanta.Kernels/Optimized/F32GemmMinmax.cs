using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// The fp32 GEMM microkernel with a min/max epilogue (XNNPACK's f32-gemm-minmax-6x16 with FMA3
/// broadcast on AVX2, 6x8 on 128-bit vectors): <c>C[r, n] = clamp(bias[n] + Σ_k A[r, k]·W[k, n], min, max)</c>
/// for up to <see cref="MR"/> rows and any number of columns, in register tiles of MR × NR
/// (NR = two vectors): 12 accumulators, 2 weight loads and 6 broadcasts per k.
/// </summary>
/// <remarks>
/// Weights are packed once by <see cref="F32GemmPacking"/>: per panel of NR columns, NR biases
/// then K rows of NR weights (columns past N are zero). Rows past <c>mr</c> alias the last real
/// row (XNNPACK's trick), so the tile code has no row branches: the aliased rows compute the
/// same values into the same place. Sums run in k order with one fused multiply-add per term,
/// so every output depends only on its row, its column and K: not on the tiling or on threads.
/// </remarks>
/// <typeparam name="TVector">The vector type: <see cref="Avx2Floats"/> or <see cref="Vector128Floats"/>.</typeparam>
public static unsafe class F32GemmMinmax<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Rows per tile.</summary>
    public const int MR = 6;

    /// <summary>Columns per tile: two vectors.</summary>
    public static int NR => 2 * TVector.Count;

    /// <summary>Computes <paramref name="mr"/> rows × <paramref name="nc"/> columns.</summary>
    /// <param name="mr">Rows, 1 to <see cref="MR"/>.</param>
    /// <param name="nc">Columns (the packed panels cover them).</param>
    /// <param name="kc">The reduction length K.</param>
    /// <param name="a">Row 0 of A; row r at <c>a + r·aStride</c>, K floats each.</param>
    /// <param name="aStride">Floats between rows of A.</param>
    /// <param name="w">The packed panels (see <see cref="F32GemmPacking"/>).</param>
    /// <param name="c">Row 0 of C.</param>
    /// <param name="cStride">Floats between rows of C.</param>
    /// <param name="min">Lower clamp (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int mr, int nc, int kc, float* a, nint aStride, float* w, float* c, nint cStride, float min, float max)
    {
        float* a0 = a, c0 = c;
        float* a1 = a0 + aStride, c1 = c0 + cStride;
        if (mr < 2) { a1 = a0; c1 = c0; }
        float* a2 = a1 + aStride, c2 = c1 + cStride;
        if (mr <= 2) { a2 = a1; c2 = c1; }
        float* a3 = a2 + aStride, c3 = c2 + cStride;
        if (mr < 4) { a3 = a2; c3 = c2; }
        float* a4 = a3 + aStride, c4 = c3 + cStride;
        if (mr <= 4) { a4 = a3; c4 = c3; }
        float* a5 = a4 + aStride, c5 = c4 + cStride;
        if (mr != 6) { a5 = a4; c5 = c4; }

        int lanes = TVector.Count, nr = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        while (nc > 0)
        {
            if (nc <= lanes)
            {
                // A last panel of at most one vector of columns: half the multiply-adds.
                Half(nc, kc, a0, a1, a2, a3, a4, a5, w, c0, c1, c2, c3, c4, c5, vmin, vmax);
                return;
            }
            var acc00 = TVector.Load(w);
            var acc01 = TVector.Load(w + lanes);
            TVector acc10 = acc00, acc11 = acc01, acc20 = acc00, acc21 = acc01, acc30 = acc00, acc31 = acc01;
            TVector acc40 = acc00, acc41 = acc01, acc50 = acc00, acc51 = acc01;
            w += nr;
            // A rotated loop (do-while on the weight pointer): one branch per k.
            float* wEnd = w + (nint)kc * nr;
            nint k = 0;
            while (w < wEnd)
            {
                var b0 = TVector.Load(w);
                var b1 = TVector.Load(w + lanes);
                w += nr;
                acc00 = TVector.MultiplyAddSplat(b0, a0 + k, acc00);
                acc01 = TVector.MultiplyAddSplat(b1, a0 + k, acc01);
                acc10 = TVector.MultiplyAddSplat(b0, a1 + k, acc10);
                acc11 = TVector.MultiplyAddSplat(b1, a1 + k, acc11);
                acc20 = TVector.MultiplyAddSplat(b0, a2 + k, acc20);
                acc21 = TVector.MultiplyAddSplat(b1, a2 + k, acc21);
                acc30 = TVector.MultiplyAddSplat(b0, a3 + k, acc30);
                acc31 = TVector.MultiplyAddSplat(b1, a3 + k, acc31);
                acc40 = TVector.MultiplyAddSplat(b0, a4 + k, acc40);
                acc41 = TVector.MultiplyAddSplat(b1, a4 + k, acc41);
                acc50 = TVector.MultiplyAddSplat(b0, a5 + k, acc50);
                acc51 = TVector.MultiplyAddSplat(b1, a5 + k, acc51);
                k++;
            }
            if (nc >= nr)
            {
                // Rows aliased onto row mr − 1 hold its values, so the order of the stores does not matter.
                F32Tile.Store2(c5, acc50, acc51, vmin, vmax);
                F32Tile.Store2(c4, acc40, acc41, vmin, vmax);
                F32Tile.Store2(c3, acc30, acc31, vmin, vmax);
                F32Tile.Store2(c2, acc20, acc21, vmin, vmax);
                F32Tile.Store2(c1, acc10, acc11, vmin, vmax);
                F32Tile.Store2(c0, acc00, acc01, vmin, vmax);
                c0 += nr; c1 += nr; c2 += nr; c3 += nr; c4 += nr; c5 += nr;
                nc -= nr;
            }
            else
            {
                F32Tile.StorePartial(c5, nc, acc50, acc51, vmin, vmax);
                F32Tile.StorePartial(c4, nc, acc40, acc41, vmin, vmax);
                F32Tile.StorePartial(c3, nc, acc30, acc31, vmin, vmax);
                F32Tile.StorePartial(c2, nc, acc20, acc21, vmin, vmax);
                F32Tile.StorePartial(c1, nc, acc10, acc11, vmin, vmax);
                F32Tile.StorePartial(c0, nc, acc00, acc01, vmin, vmax);
                nc = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Half(int nc, int kc, float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, float* w, float* c0, float* c1, float* c2, float* c3, float* c4, float* c5, TVector vmin, TVector vmax)
    {
        int nr = 2 * TVector.Count;
        var acc0 = TVector.Load(w);
        TVector acc1 = acc0, acc2 = acc0, acc3 = acc0, acc4 = acc0, acc5 = acc0;
        w += nr;
        for (nint k = 0; k < kc; k++, w += nr)
        {
            var b = TVector.Load(w);
            acc0 = TVector.MultiplyAddSplat(b, a0 + k, acc0);
            acc1 = TVector.MultiplyAddSplat(b, a1 + k, acc1);
            acc2 = TVector.MultiplyAddSplat(b, a2 + k, acc2);
            acc3 = TVector.MultiplyAddSplat(b, a3 + k, acc3);
            acc4 = TVector.MultiplyAddSplat(b, a4 + k, acc4);
            acc5 = TVector.MultiplyAddSplat(b, a5 + k, acc5);
        }
        int lanes = TVector.Count;
        if (nc == lanes)
        {
            TVector.Store(c5, TVector.Min(TVector.Max(acc5, vmin), vmax));
            TVector.Store(c4, TVector.Min(TVector.Max(acc4, vmin), vmax));
            TVector.Store(c3, TVector.Min(TVector.Max(acc3, vmin), vmax));
            TVector.Store(c2, TVector.Min(TVector.Max(acc2, vmin), vmax));
            TVector.Store(c1, TVector.Min(TVector.Max(acc1, vmin), vmax));
            TVector.Store(c0, TVector.Min(TVector.Max(acc0, vmin), vmax));
            return;
        }
        // Through a local row, so that the accumulators stay in registers (no call takes them).
        float* row = stackalloc float[6 * lanes];
        TVector.Store(row, TVector.Min(TVector.Max(acc0, vmin), vmax));
        TVector.Store(row + lanes, TVector.Min(TVector.Max(acc1, vmin), vmax));
        TVector.Store(row + 2 * lanes, TVector.Min(TVector.Max(acc2, vmin), vmax));
        TVector.Store(row + 3 * lanes, TVector.Min(TVector.Max(acc3, vmin), vmax));
        TVector.Store(row + 4 * lanes, TVector.Min(TVector.Max(acc4, vmin), vmax));
        TVector.Store(row + 5 * lanes, TVector.Min(TVector.Max(acc5, vmin), vmax));
        float** c = stackalloc float*[6] { c0, c1, c2, c3, c4, c5 };
        for (int r = 5; r >= 0; r--)
        {
            for (int j = 0; j < nc; j++) c[r][j] = row[r * lanes + j];
        }
    }
}

/// <summary>Epilogue stores shared by the float tile kernels: clamp, then store whole or partial rows.</summary>
internal static unsafe class F32Tile
{
    /// <summary>Stores two clamped vectors at <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store2<TVector>(float* c, TVector v0, TVector v1, TVector vmin, TVector vmax) where TVector : struct, IFloatVector<TVector>
    {
        TVector.Store(c, TVector.Min(TVector.Max(v0, vmin), vmax));
        TVector.Store(c + TVector.Count, TVector.Min(TVector.Max(v1, vmin), vmax));
    }

    /// <summary>Stores the first <paramref name="n"/> (&lt; two vectors) clamped lanes at <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void StorePartial<TVector>(float* c, int n, TVector v0, TVector v1, TVector vmin, TVector vmax) where TVector : struct, IFloatVector<TVector>
    {
        int lanes = TVector.Count;
        float* tmp = stackalloc float[2 * lanes];
        TVector.Store(tmp, TVector.Min(TVector.Max(v0, vmin), vmax));
        TVector.Store(tmp + lanes, TVector.Min(TVector.Max(v1, vmin), vmax));
        for (int i = 0; i < n; i++) c[i] = tmp[i];
    }
}
