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
            var acc00 = TVector.Load(w);
            var acc01 = TVector.Load(w + lanes);
            TVector acc10 = acc00, acc11 = acc01, acc20 = acc00, acc21 = acc01, acc30 = acc00, acc31 = acc01;
            TVector acc40 = acc00, acc41 = acc01, acc50 = acc00, acc51 = acc01;
            w += nr;
            float** ap = a;
            for (int t = 0; t < ks; t++, ap += MR)
            {
                float* a0 = ap[0], a1 = ap[1], a2 = ap[2], a3 = ap[3], a4 = ap[4], a5 = ap[5];
                for (nint k = 0; k < kc; k++)
                {
                    var b0 = TVector.Load(w);
                    var b1 = TVector.Load(w + lanes);
                    w += nr;
                    var va = TVector.LoadSplat(a0 + k);
                    acc00 = TVector.MultiplyAdd(va, b0, acc00);
                    acc01 = TVector.MultiplyAdd(va, b1, acc01);
                    va = TVector.LoadSplat(a1 + k);
                    acc10 = TVector.MultiplyAdd(va, b0, acc10);
                    acc11 = TVector.MultiplyAdd(va, b1, acc11);
                    va = TVector.LoadSplat(a2 + k);
                    acc20 = TVector.MultiplyAdd(va, b0, acc20);
                    acc21 = TVector.MultiplyAdd(va, b1, acc21);
                    va = TVector.LoadSplat(a3 + k);
                    acc30 = TVector.MultiplyAdd(va, b0, acc30);
                    acc31 = TVector.MultiplyAdd(va, b1, acc31);
                    va = TVector.LoadSplat(a4 + k);
                    acc40 = TVector.MultiplyAdd(va, b0, acc40);
                    acc41 = TVector.MultiplyAdd(va, b1, acc41);
                    va = TVector.LoadSplat(a5 + k);
                    acc50 = TVector.MultiplyAdd(va, b0, acc50);
                    acc51 = TVector.MultiplyAdd(va, b1, acc51);
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
}
