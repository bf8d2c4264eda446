using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>A tile's row count as a type, so that the JIT compiles one tile kernel per count
/// with the unused rows' code removed (a struct type argument makes <see cref="Count"/> a constant).</summary>
public interface IF32TileRows
{
    /// <summary>Rows of the tile, 1 to 8.</summary>
    static abstract int Count { get; }
}

#pragma warning disable CS1591 // The row-count types say what they are.
public readonly struct F32Rows1 : IF32TileRows { public static int Count => 1; }
public readonly struct F32Rows2 : IF32TileRows { public static int Count => 2; }
public readonly struct F32Rows3 : IF32TileRows { public static int Count => 3; }
public readonly struct F32Rows4 : IF32TileRows { public static int Count => 4; }
public readonly struct F32Rows5 : IF32TileRows { public static int Count => 5; }
public readonly struct F32Rows6 : IF32TileRows { public static int Count => 6; }
public readonly struct F32Rows7 : IF32TileRows { public static int Count => 7; }
public readonly struct F32Rows8 : IF32TileRows { public static int Count => 8; }
#pragma warning restore CS1591

/// <summary>
/// The fp32 indirect GEMM microkernel (XNNPACK's f32-igemm-minmax shape, two vectors of columns:
/// 32 on AVX-512, 16 on AVX2, 8 on 128-bit vectors) for exactly <typeparamref name="TRows"/> rows
/// (1 to 8; 7 and 8 only with the 32 registers of AVX-512), the rows of A found through pointers
/// so that a convolution runs as a GEMM without an im2col copy:
/// <c>C[r, n] = clamp(bias[n] + Σ_t Σ_k A_t,r[k]·W[t·kc + k, n], min, max)</c>. A convolution
/// splits its output pixels into tiles of the widest row count and one last tile of the rest, so
/// no row is computed twice (a fixed 6-row tile with aliased rows spent 54 rows' work on the 49
/// pixels of a 7×7 map).
/// </summary>
/// <remarks>
/// Row r's pointer for piece t is <c>a[t·rows + r]</c>. Terms are added in (t, k) order with one
/// fused multiply-add each, so every output depends only on its row, its column and K.
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="TRows">The row count.</typeparam>
public static unsafe class F32IgemmTile<TVector, TRows>
    where TVector : struct, IFloatVector<TVector>
    where TRows : struct, IF32TileRows
{
    /// <summary>Computes the tile's rows × <paramref name="nc"/> columns.</summary>
    /// <param name="nc">Columns (the packed panels cover them).</param>
    /// <param name="kc">Floats per piece.</param>
    /// <param name="ks">Pieces (kernel taps or kernel rows; 1 for a plain GEMM).</param>
    /// <param name="a">The pointers, piece-major.</param>
    /// <param name="w">The packed panels (see <see cref="F32GemmPacking"/>).</param>
    /// <param name="c">Row 0 of C.</param>
    /// <param name="cStride">Floats between rows of C.</param>
    /// <param name="min">Lower clamp (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int nc, int kc, int ks, float** a, float* w, float* c, nint cStride, float min, float max)
    {
        int rows = TRows.Count, lanes = TVector.Count, nr = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        while (nc > 0)
        {
            if (nc <= lanes)
            {
                Half(nc, kc, ks, a, w, c, cStride, vmin, vmax);
                return;
            }
            var acc00 = TVector.Load(w);
            var acc01 = TVector.Load(w + lanes);
            TVector acc10 = acc00, acc11 = acc01, acc20 = acc00, acc21 = acc01, acc30 = acc00, acc31 = acc01;
            TVector acc40 = acc00, acc41 = acc01, acc50 = acc00, acc51 = acc01, acc60 = acc00, acc61 = acc01, acc70 = acc00, acc71 = acc01;
            w += nr;
            float** ap = a;
            for (int t = 0; t < ks; t++, ap += rows)
            {
                float* a0 = ap[0];
                float* a1 = rows > 1 ? ap[1] : null;
                float* a2 = rows > 2 ? ap[2] : null;
                float* a3 = rows > 3 ? ap[3] : null;
                float* a4 = rows > 4 ? ap[4] : null;
                float* a5 = rows > 5 ? ap[5] : null;
                float* a6 = rows > 6 ? ap[6] : null;
                float* a7 = rows > 7 ? ap[7] : null;
                float* wEnd = w + (nint)kc * nr;
                for (nint k = 0; w < wEnd; k++)
                {
                    var b0 = TVector.Load(w);
                    var b1 = TVector.Load(w + lanes);
                    w += nr;
                    acc00 = TVector.MultiplyAddSplat(b0, a0 + k, acc00);
                    acc01 = TVector.MultiplyAddSplat(b1, a0 + k, acc01);
                    if (rows > 1)
                    {
                        acc10 = TVector.MultiplyAddSplat(b0, a1 + k, acc10);
                        acc11 = TVector.MultiplyAddSplat(b1, a1 + k, acc11);
                    }
                    if (rows > 2)
                    {
                        acc20 = TVector.MultiplyAddSplat(b0, a2 + k, acc20);
                        acc21 = TVector.MultiplyAddSplat(b1, a2 + k, acc21);
                    }
                    if (rows > 3)
                    {
                        acc30 = TVector.MultiplyAddSplat(b0, a3 + k, acc30);
                        acc31 = TVector.MultiplyAddSplat(b1, a3 + k, acc31);
                    }
                    if (rows > 4)
                    {
                        acc40 = TVector.MultiplyAddSplat(b0, a4 + k, acc40);
                        acc41 = TVector.MultiplyAddSplat(b1, a4 + k, acc41);
                    }
                    if (rows > 5)
                    {
                        acc50 = TVector.MultiplyAddSplat(b0, a5 + k, acc50);
                        acc51 = TVector.MultiplyAddSplat(b1, a5 + k, acc51);
                    }
                    if (rows > 6)
                    {
                        acc60 = TVector.MultiplyAddSplat(b0, a6 + k, acc60);
                        acc61 = TVector.MultiplyAddSplat(b1, a6 + k, acc61);
                    }
                    if (rows > 7)
                    {
                        acc70 = TVector.MultiplyAddSplat(b0, a7 + k, acc70);
                        acc71 = TVector.MultiplyAddSplat(b1, a7 + k, acc71);
                    }
                }
            }
            if (nc >= nr)
            {
                F32Tile.Store2(c, acc00, acc01, vmin, vmax);
                if (rows > 1) F32Tile.Store2(c + cStride, acc10, acc11, vmin, vmax);
                if (rows > 2) F32Tile.Store2(c + 2 * cStride, acc20, acc21, vmin, vmax);
                if (rows > 3) F32Tile.Store2(c + 3 * cStride, acc30, acc31, vmin, vmax);
                if (rows > 4) F32Tile.Store2(c + 4 * cStride, acc40, acc41, vmin, vmax);
                if (rows > 5) F32Tile.Store2(c + 5 * cStride, acc50, acc51, vmin, vmax);
                if (rows > 6) F32Tile.Store2(c + 6 * cStride, acc60, acc61, vmin, vmax);
                if (rows > 7) F32Tile.Store2(c + 7 * cStride, acc70, acc71, vmin, vmax);
                c += nr;
                nc -= nr;
            }
            else
            {
                F32Tile.StorePartial(c, nc, acc00, acc01, vmin, vmax);
                if (rows > 1) F32Tile.StorePartial(c + cStride, nc, acc10, acc11, vmin, vmax);
                if (rows > 2) F32Tile.StorePartial(c + 2 * cStride, nc, acc20, acc21, vmin, vmax);
                if (rows > 3) F32Tile.StorePartial(c + 3 * cStride, nc, acc30, acc31, vmin, vmax);
                if (rows > 4) F32Tile.StorePartial(c + 4 * cStride, nc, acc40, acc41, vmin, vmax);
                if (rows > 5) F32Tile.StorePartial(c + 5 * cStride, nc, acc50, acc51, vmin, vmax);
                if (rows > 6) F32Tile.StorePartial(c + 6 * cStride, nc, acc60, acc61, vmin, vmax);
                if (rows > 7) F32Tile.StorePartial(c + 7 * cStride, nc, acc70, acc71, vmin, vmax);
                nc = 0;
            }
        }
    }

    /// <summary>A last panel of at most one vector of columns: half the multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Half(int nc, int kc, int ks, float** a, float* w, float* c, nint cStride, TVector vmin, TVector vmax)
    {
        int rows = TRows.Count, lanes = TVector.Count, nr = 2 * lanes;
        var acc0 = TVector.Load(w);
        TVector acc1 = acc0, acc2 = acc0, acc3 = acc0, acc4 = acc0, acc5 = acc0, acc6 = acc0, acc7 = acc0;
        w += nr;
        for (int t = 0; t < ks; t++, a += rows)
        {
            float* a0 = a[0];
            float* a1 = rows > 1 ? a[1] : null;
            float* a2 = rows > 2 ? a[2] : null;
            float* a3 = rows > 3 ? a[3] : null;
            float* a4 = rows > 4 ? a[4] : null;
            float* a5 = rows > 5 ? a[5] : null;
            float* a6 = rows > 6 ? a[6] : null;
            float* a7 = rows > 7 ? a[7] : null;
            for (nint k = 0; k < kc; k++, w += nr)
            {
                var b = TVector.Load(w);
                acc0 = TVector.MultiplyAddSplat(b, a0 + k, acc0);
                if (rows > 1) acc1 = TVector.MultiplyAddSplat(b, a1 + k, acc1);
                if (rows > 2) acc2 = TVector.MultiplyAddSplat(b, a2 + k, acc2);
                if (rows > 3) acc3 = TVector.MultiplyAddSplat(b, a3 + k, acc3);
                if (rows > 4) acc4 = TVector.MultiplyAddSplat(b, a4 + k, acc4);
                if (rows > 5) acc5 = TVector.MultiplyAddSplat(b, a5 + k, acc5);
                if (rows > 6) acc6 = TVector.MultiplyAddSplat(b, a6 + k, acc6);
                if (rows > 7) acc7 = TVector.MultiplyAddSplat(b, a7 + k, acc7);
            }
        }
        // Through a local block, so that the accumulators stay in registers (no call takes them).
        float* block = stackalloc float[8 * lanes];
        TVector.Store(block, TVector.Min(TVector.Max(acc0, vmin), vmax));
        if (rows > 1) TVector.Store(block + lanes, TVector.Min(TVector.Max(acc1, vmin), vmax));
        if (rows > 2) TVector.Store(block + 2 * lanes, TVector.Min(TVector.Max(acc2, vmin), vmax));
        if (rows > 3) TVector.Store(block + 3 * lanes, TVector.Min(TVector.Max(acc3, vmin), vmax));
        if (rows > 4) TVector.Store(block + 4 * lanes, TVector.Min(TVector.Max(acc4, vmin), vmax));
        if (rows > 5) TVector.Store(block + 5 * lanes, TVector.Min(TVector.Max(acc5, vmin), vmax));
        if (rows > 6) TVector.Store(block + 6 * lanes, TVector.Min(TVector.Max(acc6, vmin), vmax));
        if (rows > 7) TVector.Store(block + 7 * lanes, TVector.Min(TVector.Max(acc7, vmin), vmax));
        for (int r = 0; r < rows; r++)
        {
            float* row = c + r * cStride;
            if (nc == lanes) TVector.Store(row, TVector.Load(block + r * lanes));
            else
            {
                for (int j = 0; j < nc; j++) row[j] = block[r * lanes + j];
            }
        }
    }
}

/// <summary>Runs <see cref="F32IgemmTile{TVector, TRows}"/> for a row count known only at run time.</summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public static unsafe class F32IgemmTiles<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>The widest tile: 8 rows with 32 vector registers (AVX-512), else 6 (16 registers).</summary>
    public static int MaxRows => TVector.Count >= 16 ? 8 : 6;

    /// <summary>Computes <paramref name="rows"/> (1 to <see cref="MaxRows"/>) rows; see <see cref="F32IgemmTile{TVector, TRows}.Run"/>.</summary>
    public static void Run(int rows, int nc, int kc, int ks, float** a, float* w, float* c, nint cStride, float min, float max)
    {
        switch (rows)
        {
            case 1: F32IgemmTile<TVector, F32Rows1>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 2: F32IgemmTile<TVector, F32Rows2>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 3: F32IgemmTile<TVector, F32Rows3>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 4: F32IgemmTile<TVector, F32Rows4>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 5: F32IgemmTile<TVector, F32Rows5>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 6: F32IgemmTile<TVector, F32Rows6>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 7: F32IgemmTile<TVector, F32Rows7>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            case 8: F32IgemmTile<TVector, F32Rows8>.Run(nc, kc, ks, a, w, c, cStride, min, max); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), rows, "1 to 8 rows");
        }
    }
}
