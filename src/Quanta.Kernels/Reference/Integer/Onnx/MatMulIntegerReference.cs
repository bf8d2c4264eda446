using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// ONNX integer matrix products (MatMulInteger, and the accumulation of QLinearMatMul and QGemm):
/// <c>acc[i, j] = Σ_p (a[i, p] − a_zp[i]) · (b[p, j] − b_zp[j])</c> in int32, with per-tensor,
/// per-row (A) and per-column (B) zero points.
/// </summary>
/// <remarks>Products are at most 255² in magnitude; sums wrap like C's int32, as ORT's do.</remarks>
public static class MatMulIntegerReference
{
    /// <summary>One M×N product of an M×K and a K×N matrix, each addressed through a <see cref="MatrixLayout"/>.</summary>
    /// <param name="m">Rows of A and Y.</param>
    /// <param name="n">Columns of B and Y.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="a">A's codes.</param>
    /// <param name="la">A's layout (row-major or transposed).</param>
    /// <param name="aZeroPoints">One zero point, or one per row of A.</param>
    /// <param name="b">B's codes.</param>
    /// <param name="lb">B's layout.</param>
    /// <param name="bZeroPoints">One zero point, or one per column of B.</param>
    /// <param name="y">The accumulators.</param>
    /// <param name="ly">Y's layout.</param>
    public static void Accumulate<TA, TB>(int m, int n, int k, ReadOnlySpan<TA> a, MatrixLayout la, ReadOnlySpan<int> aZeroPoints,
        ReadOnlySpan<TB> b, MatrixLayout lb, ReadOnlySpan<int> bZeroPoints, Span<int> y, MatrixLayout ly)
        where TA : unmanaged, IBinaryInteger<TA>
        where TB : unmanaged, IBinaryInteger<TB>
    {
        for (int i = 0; i < m; i++)
        {
            int aZeroPoint = aZeroPoints.Length == 1 ? aZeroPoints[0] : aZeroPoints[i];
            for (int j = 0; j < n; j++)
            {
                int bZeroPoint = bZeroPoints.Length == 1 ? bZeroPoints[0] : bZeroPoints[j];
                int acc = 0;
                for (int p = 0; p < k; p++)
                {
                    int av = int.CreateTruncating(a[la.At(i, p)]) - aZeroPoint;
                    int bv = int.CreateTruncating(b[lb.At(p, j)]) - bZeroPoint;
                    acc = unchecked(acc + av * bv);
                }
                y[ly.At(i, j)] = acc;
            }
        }
    }

    /// <summary>
    /// The output stage of QGemm over one row-major M×N block of accumulators:
    /// <c>y = requantize(acc, multipliers[j])</c> (<see cref="FloatRequantization.Apply"/>), one multiplier
    /// per column or one for all.
    /// </summary>
    public static void Requantize<TY>(ReadOnlySpan<int> accumulators, int n, ReadOnlySpan<float> multipliers, int zeroPoint, int min, int max, Span<TY> y)
        where TY : unmanaged, IBinaryInteger<TY>
    {
        for (int i = 0; i < accumulators.Length; i++)
        {
            float multiplier = multipliers.Length == 1 ? multipliers[0] : multipliers[i % n];
            y[i] = TY.CreateTruncating(FloatRequantization.Apply(accumulators[i], multiplier, zeroPoint, min, max));
        }
    }

    /// <summary>
    /// The output stage of QLinearMatMul over one row-major M×N block: the multiplier of element (i, j) is
    /// <c>rowScales[i] · columnScales[j] / outputScale</c> (<see cref="FloatRequantization.Multiplier"/>), each
    /// scale list holding one value for all rows (columns) or one per row (column).
    /// </summary>
    public static void Requantize<TY>(ReadOnlySpan<int> accumulators, int n, ReadOnlySpan<float> rowScales, ReadOnlySpan<float> columnScales,
        float outputScale, int zeroPoint, int min, int max, Span<TY> y)
        where TY : unmanaged, IBinaryInteger<TY>
    {
        for (int i = 0; i < accumulators.Length; i++)
        {
            int row = i / n, column = i % n;
            float multiplier = FloatRequantization.Multiplier(rowScales[rowScales.Length == 1 ? 0 : row], columnScales[columnScales.Length == 1 ? 0 : column], outputScale);
            y[i] = TY.CreateTruncating(FloatRequantization.Apply(accumulators[i], multiplier, zeroPoint, min, max));
        }
    }
}
