namespace Quanta.Kernels;

/// <summary>A scalar binary operation, written once as a struct so the JIT inlines it into the driver.</summary>
public interface IBinaryOperator<T>
{
    /// <summary>Applies the operation.</summary>
    static abstract T Invoke(T a, T b);
}

/// <summary>A scalar unary operation.</summary>
public interface IUnaryOperator<T>
{
    /// <summary>Applies the operation.</summary>
    static abstract T Invoke(T x);
}

/// <summary>Reference drivers for element-wise operations with numpy broadcasting.</summary>
public static class ElementwiseReference
{
    /// <summary>
    /// y[e] = op(a[offA[e]], b[offB[e]]) for every output element, with offsets precomputed by
    /// <see cref="BroadcastIndexer"/> (one pass, no per-element index arithmetic at run time).
    /// </summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<long> offsetsA, ReadOnlySpan<T> b, ReadOnlySpan<long> offsetsB, Span<T> y)
        where TOp : IBinaryOperator<T>
    {
        for (int e = 0; e < y.Length; e++) y[e] = TOp.Invoke(a[(int)offsetsA[e]], b[(int)offsetsB[e]]);
    }

    /// <summary>y[i] = op(x[i]).</summary>
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> y) where TOp : IUnaryOperator<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = TOp.Invoke(x[i]);
    }
}

/// <summary>a + b.</summary>
public readonly struct AddOperator : IBinaryOperator<float>
{
    /// <inheritdoc/>
    public static float Invoke(float a, float b) => a + b;
}

/// <summary>max(x, 0).</summary>
public readonly struct ReluOperator : IUnaryOperator<float>
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Max(x, 0f); // NaN stays NaN, as numpy does
}
