using System.Numerics;

namespace Quanta.Kernels;

// Binary arithmetic written once over .NET's generic math: the same struct serves float32 and
// the integer types. Integer arithmetic wraps on overflow (two's complement), as numpy, ONNX
// Runtime and TFLite do.

/// <summary>a + b.</summary>
public readonly struct AddOperator<T> : IBinaryOperator<T, T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a + b;
}

/// <summary>a − b.</summary>
public readonly struct SubtractOperator<T> : IBinaryOperator<T, T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a - b;
}

/// <summary>a × b.</summary>
public readonly struct MultiplyOperator<T> : IBinaryOperator<T, T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a * b;
}

/// <summary>a ÷ b in IEEE arithmetic (x/0 = ±∞, 0/0 = NaN).</summary>
public readonly struct DivideOperator<T> : IBinaryOperator<T, T, T> where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a / b;
}

/// <summary>
/// Integer a ÷ b truncated toward zero, as C and ONNX (whose reference casts numpy's true quotient
/// back to the integer type) define it.
/// </summary>
/// <remarks>ONNX leaves x ÷ 0 undefined and hardware traps on it: Quanta returns 0, numpy's integer
/// convention. MIN ÷ −1 wraps to MIN instead of trapping.</remarks>
public readonly struct IntegerDivideOperator<T> : IBinaryOperator<T, T, T> where T : IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b)
    {
        if (b == T.Zero) return T.Zero;
        if (T.IsNegative(b) && b == T.Zero - T.One) return T.Zero - a;
        return a / b;
    }
}

/// <summary>
/// The larger of a and b, NaN if either is NaN (numpy's <c>maximum</c>, which ONNX Max follows).
/// </summary>
public readonly struct MaxOperator<T> : IBinaryOperator<T, T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => T.IsNaN(a) ? a : T.IsNaN(b) ? b : a >= b ? a : b;
}

/// <summary>The smaller of a and b, NaN if either is NaN (numpy's <c>minimum</c>).</summary>
public readonly struct MinOperator<T> : IBinaryOperator<T, T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => T.IsNaN(a) ? a : T.IsNaN(b) ? b : a <= b ? a : b;
}

/// <summary>
/// TFLite's MAXIMUM: <c>a &gt; b ? a : b</c> exactly as its reference kernel writes it, so a NaN in
/// a yields b and a NaN in b yields NaN.
/// </summary>
public readonly struct TfliteMaximumOperator<T> : IBinaryOperator<T, T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a > b ? a : b;
}

/// <summary>TFLite's MINIMUM: <c>a &lt; b ? a : b</c>, as its reference kernel writes it.</summary>
public readonly struct TfliteMinimumOperator<T> : IBinaryOperator<T, T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a < b ? a : b;
}

/// <summary>(a − b)², TFLite's SQUARED_DIFFERENCE.</summary>
public readonly struct SquaredDifferenceOperator<T> : IBinaryOperator<T, T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b)
    {
        var d = a - b;
        return d * d;
    }
}

/// <summary>
/// C's <c>fmod</c> on floats: a − n·b with n = a/b truncated, so the result has the sign of a
/// (ONNX Mod with fmod = 1): x mod 0 and ±∞ mod y are NaN, x mod ±∞ is x. C#'s float
/// <c>%</c> is exactly fmod.
/// </summary>
public readonly struct FloatModOperator<T> : IBinaryOperator<T, T, T> where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) => a % b;
}

/// <summary>
/// C's <c>%</c> on integers: the remainder of the truncated quotient, with the sign of a (ONNX Mod
/// with fmod = 1 on integers). x mod 0 is 0 (undefined in ONNX) and MIN mod −1 is 0.
/// </summary>
public readonly struct TruncatedModOperator<T> : IBinaryOperator<T, T, T> where T : IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b)
    {
        if (b == T.Zero) return T.Zero;
        if (T.IsNegative(b) && b == T.Zero - T.One) return T.Zero;
        return a % b;
    }
}

/// <summary>
/// Python's <c>%</c>: the remainder with the sign of the divisor (ONNX Mod with fmod = 0, integers
/// only). x mod 0 is 0, as numpy returns.
/// </summary>
public readonly struct FlooredModOperator<T> : IBinaryOperator<T, T, T> where T : IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b)
    {
        if (b == T.Zero) return T.Zero;
        if (T.IsNegative(b) && b == T.Zero - T.One) return T.Zero;
        var r = a % b;
        return r != T.Zero && T.IsNegative(r) != T.IsNegative(b) ? r + b : r;
    }
}

/// <summary>
/// a raised to b, computed in double and rounded once to the result type (numpy promotes mixed
/// float/integer powers to float64 too). Integer results are truncated toward zero and saturate.
/// </summary>
/// <typeparam name="TA">Base (and result) type.</typeparam>
/// <typeparam name="TB">Exponent type.</typeparam>
public readonly struct PowOperator<TA, TB> : IBinaryOperator<TA, TB, TA> where TA : INumber<TA> where TB : INumber<TB>
{
    /// <inheritdoc/>
    public TA Invoke(TA a, TB b) => TA.CreateSaturating(Math.Pow(double.CreateTruncating(a), double.CreateTruncating(b)));
}

/// <summary>
/// Integer a raised to integer b exactly, by repeated squaring with wrap-around; a negative
/// exponent gives trunc(1 / aⁿ): 1 for a = 1, ±1 for a = −1, else 0.
/// </summary>
public readonly struct IntegerPowOperator<T> : IBinaryOperator<T, T, T> where T : IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b)
    {
        if (T.IsNegative(b))
        {
            if (a == T.One) return T.One;
            if (T.IsNegative(a) && a == T.Zero - T.One) return T.IsEvenInteger(b) ? T.One : a;
            return T.Zero;
        }
        T result = T.One, square = a;
        while (b != T.Zero)
        {
            if (T.IsOddInteger(b)) result *= square;
            b >>= 1;
            if (b != T.Zero) square *= square;
        }
        return result;
    }
}

/// <summary>ONNX BitShift on unsigned bytes: a shifted left or right by b bits (0 once b ≥ 8).</summary>
public readonly struct BitShiftOperator(bool left) : IBinaryOperator<byte, byte, byte>
{
    /// <inheritdoc/>
    public byte Invoke(byte a, byte b) => b >= 8 ? (byte)0 : left ? (byte)(a << b) : (byte)(a >> b);
}

/// <summary>
/// PRelu: x where x ≥ 0, slope·x elsewhere (ONNX PRelu and TFLite PRELU; NaN passes through).
/// </summary>
public readonly struct PReluOperator<T> : IBinaryOperator<T, T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T x, T slope) => x < T.Zero ? slope * x : x;
}
