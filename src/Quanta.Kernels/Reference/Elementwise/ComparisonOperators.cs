using System.Numerics;

namespace Quanta.Kernels;

// Comparisons follow IEEE 754: every ordered comparison with a NaN is false and NaN ≠ NaN, as in
// numpy, ONNX and TFLite.

/// <summary>a = b.</summary>
public readonly struct EqualOperator<T> : IBinaryOperator<T, T, bool> where T : IEqualityOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a == b;
}

/// <summary>a ≠ b (true when either is NaN).</summary>
public readonly struct NotEqualOperator<T> : IBinaryOperator<T, T, bool> where T : IEqualityOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a != b;
}

/// <summary>a &lt; b.</summary>
public readonly struct LessOperator<T> : IBinaryOperator<T, T, bool> where T : IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a < b;
}

/// <summary>a ≤ b.</summary>
public readonly struct LessOrEqualOperator<T> : IBinaryOperator<T, T, bool> where T : IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a <= b;
}

/// <summary>a &gt; b.</summary>
public readonly struct GreaterOperator<T> : IBinaryOperator<T, T, bool> where T : IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a > b;
}

/// <summary>a ≥ b.</summary>
public readonly struct GreaterOrEqualOperator<T> : IBinaryOperator<T, T, bool> where T : IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public bool Invoke(T a, T b) => a >= b;
}

/// <summary>a = b on bools (bool has no generic-math equality).</summary>
public readonly struct BoolEqualOperator : IBinaryOperator<bool, bool, bool>
{
    /// <inheritdoc/>
    public bool Invoke(bool a, bool b) => a == b;
}

/// <summary>Logical a ∧ b.</summary>
public readonly struct AndOperator : IBinaryOperator<bool, bool, bool>
{
    /// <inheritdoc/>
    public bool Invoke(bool a, bool b) => a & b;
}

/// <summary>Logical a ∨ b.</summary>
public readonly struct OrOperator : IBinaryOperator<bool, bool, bool>
{
    /// <inheritdoc/>
    public bool Invoke(bool a, bool b) => a | b;
}

/// <summary>Logical a ⊕ b.</summary>
public readonly struct XorOperator : IBinaryOperator<bool, bool, bool>
{
    /// <inheritdoc/>
    public bool Invoke(bool a, bool b) => a ^ b;
}

/// <summary>Logical ¬x.</summary>
public readonly struct NotOperator : IUnaryOperator<bool, bool>
{
    /// <inheritdoc/>
    public bool Invoke(bool x) => !x;
}

/// <summary>True where x is NaN (ONNX IsNaN).</summary>
public readonly struct IsNaNOperator : IUnaryOperator<float, bool>
{
    /// <inheritdoc/>
    public bool Invoke(float x) => float.IsNaN(x);
}

/// <summary>True where x is +∞ (when <paramref name="positive"/>) or −∞ (when
/// <paramref name="negative"/>), as ONNX IsInf's detect_positive / detect_negative select.</summary>
public readonly struct IsInfOperator(bool positive, bool negative) : IUnaryOperator<float, bool>
{
    /// <inheritdoc/>
    public bool Invoke(float x) => (positive && float.IsPositiveInfinity(x)) || (negative && float.IsNegativeInfinity(x));
}
