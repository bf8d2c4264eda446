using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// The fp32 indirect GEMM microkernel (XNNPACK's f32-igemm-minmax-6x16 on AVX2, 6x8 on 128-bit
/// vectors): the convolution form of <see cref="F32GemmMinmax{TVector}"/>, where row r of A is not
/// one contiguous row but <c>ks</c> pieces of <c>kc</c> floats found through an indirection buffer
/// (one pointer per kernel tap and row: an input pixel, or a zero row for padding), so that a k×k
/// convolution runs as a GEMM without an im2col copy.
/// <c>C[r, n] = clamp(bias[n] + Σ_t Σ_k A_t,r[k]·W[t·kc + k, n], min, max)</c>.
/// </summary>
/// <remarks>
/// The caller fills the pointers of rows past <c>mr</c> with those of row mr − 1 (they compute the
/// same values into the same place). Terms are added in (t, k) order with one fused multiply-add
/// each, as the GEMM adds them in k order over an im2col row: the same sums.
/// </remarks>
/// <typeparam name="TVector">The vector type: <see cref="Avx2Floats"/> or <see cref="Vector128Floats"/>.</typeparam>
public static unsafe class F32IgemmMinmax<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Rows per tile.</summary>
    public const int MR = 6;

    /// <summary>Columns per tile: two vectors.</summary>
    public static int NR => 2 * TVector.Count;

    /// <summary>Computes <paramref name="mr"/> rows × <paramref name="nc"/> columns.</summary>
    /// <param name="mr">Rows, 1 to <see cref="MR"/>.</param>
    /// <param name="nc">Columns (the packed panels cover them).</param>
    /// <param name="kc">The reduction length K.</param>
    /// <param name="ks">Kernel taps.</param>
    /// <param name="a">The tile's pointers, tap-major: <c>a[t·MR + r]</c> is row r's piece for tap t.</param>
    /// <param name="w">The packed panels (see <see cref="F32GemmPacking"/>).</param>
    /// <param name="c">Row 0 of C.</param>
    /// <param name="cStride">Floats between rows of C.</param>
    /// <param name="min">Lower clamp (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int mr, int nc, int kc, int ks, float** a, float* w, float* c, nint cStride, float min, float max)
    {
        float* c0 = c;
        float* c1 = c0 + cStride;
        if (mr < 2) c1 = c0;
        float* c2 = c1 + cStride;
        if (mr <= 2) c2 = c1;
        float* c3 = c2 + cStride;
        if (mr < 4) c3 = c2;
        float* c4 = c3 + cStride;
        if (mr <= 4) c4 = c3;
        float* c5 = c4 + cStride;
        if (mr != 6) c5 = c4;

        int lanes = TVector.Count, nr = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        while (nc > 0)
        {
            if (nc <= lanes)
            {
                // A last panel of at most one vector of columns: half the multiply-adds.
                Half(nc, kc, ks, a, w, c0, c1, c2, c3, c4, c5, vmin, vmax);
                return;
            }
            var acc00 = TVector.Load(w);
            var acc01 = TVector.Load(w + lanes);
            TVector acc10 = acc00, acc11 = acc01, acc20 = acc00, acc21 = acc01, acc30 = acc00, acc31 = acc01;
            TVector acc40 = acc00, acc41 = acc01, acc50 = acc00, acc51 = acc01;
            w += nr;
            float** ap = a;
            for (int t = 0; t < ks; t++, ap += MR)
            {
                float* a0 = ap[0], a1 = ap[1], a2 = ap[2], a3 = ap[3], a4 = ap[4], a5 = ap[5];
                float* wEnd = w + (nint)kc * nr;
                for (nint k = 0; w < wEnd; k++)
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
                }
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
    private static void Half(int nc, int kc, int ks, float** a, float* w, float* c0, float* c1, float* c2, float* c3, float* c4, float* c5, TVector vmin, TVector vmax)
    {
        int nr = 2 * TVector.Count;
        var acc0 = TVector.Load(w);
        TVector acc1 = acc0, acc2 = acc0, acc3 = acc0, acc4 = acc0, acc5 = acc0;
        w += nr;
        for (int t = 0; t < ks; t++, a += MR)
        {
            float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5];
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
