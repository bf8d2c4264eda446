namespace Quanta.Kernels;

/// <summary>
/// A scalar unary operation, written once as a small struct (its fields hold the op's parameters,
/// such as LeakyRelu's alpha) so that the JIT specializes and inlines it into the driver.
/// </summary>
/// <typeparam name="TX">Input element type.</typeparam>
/// <typeparam name="TY">Output element type.</typeparam>
public interface IUnaryOperator<TX, TY>
{
    /// <summary>Applies the operation to one element.</summary>
    TY Invoke(TX x);
}

/// <summary>A scalar binary operation; see <see cref="IUnaryOperator{TX, TY}"/>.</summary>
/// <typeparam name="TA">First operand type.</typeparam>
/// <typeparam name="TB">Second operand type.</typeparam>
/// <typeparam name="TY">Result type.</typeparam>
public interface IBinaryOperator<TA, TB, TY>
{
    /// <summary>Applies the operation to one pair of elements.</summary>
    TY Invoke(TA a, TB b);
}

/// <summary>
/// The reference drivers of every element-wise op: they own iteration and broadcasting, the
/// operator structs own the arithmetic (the TensorPrimitives pattern). Scalar code, the executable
/// specification that optimized drivers are tested against.
/// </summary>
public static class ElementwiseReference
{
    /// <summary>y[i] = op(x[i]) for every i.</summary>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public static void Unary<TX, TY, TOp>(TOp op, ReadOnlySpan<TX> x, Span<TY> y)
        where TOp : struct, IUnaryOperator<TX, TY>
    {
        if (x.Length != y.Length) throw new ArgumentException($"input has {x.Length} elements, output {y.Length}", nameof(y));
        for (int i = 0; i < y.Length; i++) y[i] = op.Invoke(x[i]);
    }

    /// <summary>
    /// y = op(a, b) with a and b broadcast to y as <paramref name="layout"/> (made for the operands
    /// a, b in that order) describes. <paramref name="a"/> may be <paramref name="y"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the layout needs.</exception>
    public static void Binary<TA, TB, TY, TOp>(TOp op, ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TY> y, BroadcastLayout layout)
        where TOp : struct, IBinaryOperator<TA, TB, TY>
    {
        ArgumentNullException.ThrowIfNull(layout);
        CheckLengths(layout, y.Length, a.Length, b.Length);
        int n = layout.InnerLength;
        var rowsA = layout.RowOffsets(0);
        var rowsB = layout.RowOffsets(1);
        bool aRepeats = layout.InnerStride(0) == 0, bRepeats = layout.InnerStride(1) == 0;
        for (int r = 0; r < layout.RowCount; r++)
        {
            var row = y.Slice(r * n, n);
            var ra = a[rowsA[r]..];
            var rb = b[rowsB[r]..];
            if (aRepeats && bRepeats)
            {
                row.Fill(op.Invoke(ra[0], rb[0]));
            }
            else if (aRepeats)
            {
                var va = ra[0];
                for (int i = 0; i < row.Length; i++) row[i] = op.Invoke(va, rb[i]);
            }
            else if (bRepeats)
            {
                var vb = rb[0];
                for (int i = 0; i < row.Length; i++) row[i] = op.Invoke(ra[i], vb);
            }
            else
            {
                for (int i = 0; i < row.Length; i++) row[i] = op.Invoke(ra[i], rb[i]);
            }
        }
    }

    /// <summary>
    /// y = condition ? x : otherwise, the three broadcast to y as <paramref name="layout"/> (made for
    /// the operands condition, x, otherwise in that order) describes. Pure data movement, so one
    /// instantiation per element size serves every type.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the layout needs.</exception>
    public static void Select<T>(ReadOnlySpan<bool> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> otherwise, Span<T> y, BroadcastLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        CheckLengths(layout, y.Length, condition.Length, x.Length, otherwise.Length);
        int n = layout.InnerLength;
        int sc = layout.InnerStride(0), sx = layout.InnerStride(1), so = layout.InnerStride(2);
        var rowsC = layout.RowOffsets(0);
        var rowsX = layout.RowOffsets(1);
        var rowsO = layout.RowOffsets(2);
        for (int r = 0; r < layout.RowCount; r++)
        {
            int c = rowsC[r], ix = rowsX[r], io = rowsO[r];
            var row = y.Slice(r * n, n);
            for (int i = 0; i < row.Length; i++) row[i] = condition[c + i * sc] ? x[ix + i * sx] : otherwise[io + i * so];
        }
    }

    private static void CheckLengths(BroadcastLayout layout, int output, params ReadOnlySpan<int> operands)
    {
        if (layout.OperandCount != operands.Length)
            throw new ArgumentException($"the layout has {layout.OperandCount} operands, the call {operands.Length}", nameof(layout));
        if (output != layout.OutputLength)
            throw new ArgumentException($"output has {output} elements; the layout needs {layout.OutputLength}", nameof(output));
        for (int k = 0; k < operands.Length; k++)
        {
            if (operands[k] < layout.OperandLength(k))
                throw new ArgumentException($"operand {k} has {operands[k]} elements; the layout needs {layout.OperandLength(k)}", nameof(operands));
        }
    }
}
