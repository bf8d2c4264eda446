using System.Numerics;

namespace Quanta.Kernels;

// Activations. Each states its formula as the ONNX (opset 17) or TFLite reference writes it; NaN
// passes through every one of them, as it does through numpy's maximum/minimum.

/// <summary>max(x, 0); NaN passes (ONNX Relu, TFLite RELU).</summary>
public readonly struct ReluOperator<T> : IUnaryOperator<T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T x) => x < T.Zero ? T.Zero : x;
}

/// <summary>
/// min(max(x, lo), hi), in that order, so lo &gt; hi gives hi everywhere (as ONNX Clip specifies)
/// and NaN passes (ONNX Clip; TFLite RELU6, RELU_N1_TO_1, RELU_0_TO_1 and fused activations).
/// </summary>
public readonly struct ClampOperator<T>(T lo, T hi) : IUnaryOperator<T, T> where T : INumber<T>
{
    /// <inheritdoc/>
    public T Invoke(T x)
    {
        var t = x < lo ? lo : x;
        return t > hi ? hi : t;
    }
}

/// <summary>A binary op followed by a clamp: TFLite's float ADD/SUB/MUL/DIV with a fused
/// RELU, RELU6 or RELU_N1_TO_1 (its ActivationFunctionWithMinMax).</summary>
public readonly struct ClampedOperator<TOp>(TOp op, float lo, float hi) : IBinaryOperator<float, float, float>
    where TOp : struct, IBinaryOperator<float, float, float>
{
    /// <inheritdoc/>
    public float Invoke(float a, float b) => new ClampOperator<float>(lo, hi).Invoke(op.Invoke(a, b));
}

/// <summary>x for x ≥ 0, alpha·x below (ONNX LeakyRelu; TFLite LEAKY_RELU writes x &gt; 0 ? x : alpha·x,
/// which differs only in the sign of zero).</summary>
public readonly struct LeakyReluOperator(float alpha) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x < 0f ? alpha * x : x;
}

/// <summary>x for x &gt; alpha, else 0 (ONNX ThresholdedRelu; NaN fails the test and gives 0, as
/// the ONNX reference's <c>where(x &gt; alpha, x, 0)</c> does).</summary>
public readonly struct ThresholdedReluOperator(float alpha) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x > alpha ? x : 0f;
}

/// <summary>x for x ≥ 0, alpha·(eˣ − 1) below (ONNX Elu; TFLite ELU with alpha = 1).</summary>
public readonly struct EluOperator(float alpha) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x < 0f ? alpha * (MathF.Exp(x) - 1f) : x;
}

/// <summary>gamma·x for x &gt; 0, gamma·(alpha·eˣ − alpha) otherwise (ONNX Selu).</summary>
public readonly struct SeluOperator(float alpha, float gamma) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x > 0f ? gamma * x : float.IsNaN(x) ? x : gamma * (alpha * MathF.Exp(x) - alpha);
}

/// <summary>max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (ONNX Celu).</summary>
public readonly struct CeluOperator(float alpha) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x >= 0f ? x : float.IsNaN(x) ? x : alpha * (MathF.Exp(x / alpha) - 1f);
}

/// <summary>1 / (1 + e^(−x)) (ONNX Sigmoid): saturates to 0 and 1 without overflow trouble.</summary>
public readonly struct SigmoidOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => 1f / (1f + MathF.Exp(-x));
}

/// <summary>
/// TFLite's float LOGISTIC as its reference kernel defines it: 1 above x = 16.619047…, eˣ below
/// x = −9 (where the two differ by under 1.3·10⁻⁴ relative), 1 / (1 + e^(−x)) between.
/// </summary>
public readonly struct TfliteLogisticOperator : IUnaryOperator<float, float>
{
    private const float CutoffUpper = 16.619047164916992188f;
    private const float CutoffLower = -9f;

    /// <inheritdoc/>
    public float Invoke(float x) =>
        x > CutoffUpper ? 1f : x < CutoffLower ? MathF.Exp(x) : 1f / (1f + MathF.Exp(-x));
}

/// <summary>tanh x.</summary>
public readonly struct TanhOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => MathF.Tanh(x);
}

/// <summary>max(0, min(1, alpha·x + beta)) (ONNX HardSigmoid).</summary>
public readonly struct HardSigmoidOperator(float alpha, float beta) : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => new ClampOperator<float>(0f, 1f).Invoke(alpha * x + beta);
}

/// <summary>x · max(0, min(1, x/6 + 1/2)) (ONNX HardSwish: HardSigmoid with alpha = 1/6, beta = 0.5, times x).</summary>
public readonly struct HardSwishOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x * new ClampOperator<float>(0f, 1f).Invoke(x * (1f / 6f) + 0.5f);
}

/// <summary>x · min(6, max(0, x + 3)) / 6, TFLite's float HARD_SWISH as its reference writes it.</summary>
public readonly struct TfliteHardSwishOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x * new ClampOperator<float>(0f, 6f).Invoke(x + 3f) / 6f;
}

/// <summary>ln(1 + eˣ) (ONNX Softplus), evaluated as max(x, 0) + ln(1 + e^(−|x|)) so that large
/// |x| neither overflows nor loses the result.</summary>
public readonly struct SoftplusOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => (float)(Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs((double)x))));
}

/// <summary>x / (1 + |x|) (ONNX Softsign).</summary>
public readonly struct SoftsignOperator : IUnaryOperator<float, float>
{
    /// <inheritdoc/>
    public float Invoke(float x) => x / (1f + MathF.Abs(x));
}
