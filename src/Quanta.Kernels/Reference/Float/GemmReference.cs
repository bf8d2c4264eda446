namespace Quanta.Kernels;

/// <summary>
/// Where a matrix's elements are in a flat span: element (r, c) is at
/// <c>Offset + r·RowStride + c·ColumnStride</c>. Transposition swaps the strides; broadcasting
/// sets a stride to 0.
/// </summary>
/// <param name="Offset">Offset of element (0, 0).</param>
/// <param name="RowStride">Step between rows.</param>
/// <param name="ColumnStride">Step between columns.</param>
public readonly record struct MatrixLayout(int Offset, int RowStride, int ColumnStride)
{
    /// <summary>A dense row-major matrix with <paramref name="columns"/> columns.</summary>
    public static MatrixLayout RowMajor(int columns, int offset = 0) => new(offset, columns, 1);

    /// <summary>The transpose of a dense row-major matrix stored with <paramref name="storedColumns"/> columns.</summary>
    public static MatrixLayout TransposedRowMajor(int storedColumns, int offset = 0) => new(offset, 1, storedColumns);

    /// <summary>The flat index of element (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public int At(int row, int column) => Offset + row * RowStride + column * ColumnStride;
}

/// <summary>The float reference matrix product (ONNX Gemm and MatMul, TFLite FULLY_CONNECTED).</summary>
public static class GemmReference
{
    /// <summary>
    /// Y = act(alpha·(A·B) + beta·C) for A [m, k], B [k, n], Y [m, n]; the dot products are summed
    /// in float in order of k.
    /// </summary>
    /// <param name="m">Rows of A and Y.</param>
    /// <param name="n">Columns of B and Y.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's elements.</param>
    /// <param name="la">A's layout.</param>
    /// <param name="b">B's elements.</param>
    /// <param name="lb">B's layout.</param>
    /// <param name="beta">Scale of C.</param>
    /// <param name="c">C's elements (broadcast through its layout), or empty for none.</param>
    /// <param name="lc">C's layout.</param>
    /// <param name="y">Y's elements.</param>
    /// <param name="ly">Y's layout.</param>
    /// <param name="activation">Activation applied to each output.</param>
    public static void Gemm(int m, int n, int k, float alpha, ReadOnlySpan<float> a, MatrixLayout la, ReadOnlySpan<float> b, MatrixLayout lb,
        float beta, ReadOnlySpan<float> c, MatrixLayout lc, Span<float> y, MatrixLayout ly, FusedActivation activation = FusedActivation.None)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += a[la.At(i, p)] * b[lb.At(p, j)];
                float v = alpha * acc;
                if (!c.IsEmpty) v += beta * c[lc.At(i, j)];
                y[ly.At(i, j)] = activation.Apply(v);
            }
        }
    }
}
