using System.Numerics;

namespace Quanta.Kernels;

/// <summary>
/// A 256-entry table mapping every 8-bit input code to its output code through a float function:
/// <c>table[q − T.MinValue] = Q_y(f(DQ_x(q)))</c> (ONNX Runtime's QlinearBuildLookupTable). Used by
/// QLinearSigmoid (<see cref="SigmoidOperator"/>), QLinearLeakyRelu (<see cref="LeakyReluOperator"/>) and the requantizing inputs of QLinearConcat.
/// </summary>
public static class QLinearLookupTable
{
    /// <summary>The number of entries: one per 8-bit code.</summary>
    public const int Size = 256;

    /// <summary>Fills <paramref name="table"/> for the function <paramref name="f"/>.</summary>
    /// <exception cref="ArgumentException">The table does not have <see cref="Size"/> entries.</exception>
    public static void Build<T, TOp>(TOp f, AffineQuant x, AffineQuant y, Span<T> table)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        where TOp : struct, IUnaryOperator<float, float>
    {
        if (table.Length != Size) throw new ArgumentException($"a lookup table has {Size} entries, got {table.Length}", nameof(table));
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < Size; i++)
            table[i] = T.CreateTruncating(y.Quantize(f.Invoke(x.Dequantize(min + i)), min, max));
    }

    /// <summary><c>y[i] = table[x[i] − T.MinValue]</c>.</summary>
    public static void Apply<T>(ReadOnlySpan<T> table, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int min = int.CreateTruncating(T.MinValue);
        for (int i = 0; i < x.Length; i++) y[i] = table[int.CreateTruncating(x[i]) - min];
    }
}

/// <summary>The identity, for requantizing tables.</summary>
public readonly struct IdentityFunction : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x;
}
