using System.Numerics;

namespace Quanta.Kernels;

// Unary maths. Float-only operations use .NET's MathF (correctly rounded or within an ulp, with
// C's special values: log(0) = −∞, log(−1) = NaN, sqrt(−1) = NaN); the generic ones also serve
// int32/int64, where negation wraps (−MIN = MIN, as numpy and ONNX Runtime give).

/// <summary>|x|; |−0| = +0, and |MIN| wraps to MIN for integers.</summary>
public readonly struct AbsOperator<T> : IUnaryOperator<T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T x) => T.IsNegative(x) ? -x : x;
}

/// <summary>−x.</summary>
public readonly struct NegateOperator<T> : IUnaryOperator<T, T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public T Invoke(T x) => -x;
}

/// <summary>sign(x): −1, 0 or 1; NaN and ±0 pass through (numpy's <c>sign</c>).</summary>
public readonly struct SignOperator<T> : IUnaryOperator<T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? -T.One : x;
}

/// <summary>x².</summary>
public readonly struct SquareOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x * x;
}

/// <summary>eˣ.</summary>
public readonly struct ExpOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Exp(x);
}

/// <summary>ln x.</summary>
public readonly struct LogOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Log(x);
}

/// <summary>√x.</summary>
public readonly struct SqrtOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Sqrt(x);
}

/// <summary>1 / √x (TFLite's RSQRT).</summary>
public readonly struct RsqrtOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => 1f / MathF.Sqrt(x);
}

/// <summary>1 / x.</summary>
public readonly struct ReciprocalOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => 1f / x;
}

/// <summary>⌊x⌋.</summary>
public readonly struct FloorOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Floor(x);
}

/// <summary>⌈x⌉.</summary>
public readonly struct CeilOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Ceiling(x);
}

/// <summary>x rounded to the nearest integer, halves to even (ONNX Round and TFLite ROUND agree).</summary>
public readonly struct RoundOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Round(x, MidpointRounding.ToEven);
}

/// <summary>erf x (see <see cref="ErrorFunction"/>).</summary>
public readonly struct ErfOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => ErrorFunction.Erf(x);
}

/// <summary>sin x.</summary>
public readonly struct SinOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Sin(x);
}

/// <summary>cos x.</summary>
public readonly struct CosOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Cos(x);
}

/// <summary>tan x.</summary>
public readonly struct TanOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Tan(x);
}

/// <summary>arcsin x (NaN outside [−1, 1]).</summary>
public readonly struct AsinOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Asin(x);
}

/// <summary>arccos x (NaN outside [−1, 1]).</summary>
public readonly struct AcosOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Acos(x);
}

/// <summary>arctan x.</summary>
public readonly struct AtanOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Atan(x);
}

/// <summary>sinh x.</summary>
public readonly struct SinhOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Sinh(x);
}

/// <summary>cosh x.</summary>
public readonly struct CoshOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Cosh(x);
}

/// <summary>arsinh x.</summary>
public readonly struct AsinhOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Asinh(x);
}

/// <summary>arcosh x (NaN below 1).</summary>
public readonly struct AcoshOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Acosh(x);
}

/// <summary>artanh x (±∞ at ±1, NaN beyond).</summary>
public readonly struct AtanhOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Atanh(x);
}

/// <summary>x ÷ d for a fixed divisor: the last step of ONNX Mean (sum, then divide by the count).</summary>
public readonly struct DivideByOperator(float divisor) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x / divisor;
}
