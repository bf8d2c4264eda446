using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>The affine parameters of one quantized operand: <c>real = Scale · (q − ZeroPoint)</c>.</summary>
/// <param name="Scale">The scale.</param>
/// <param name="ZeroPoint">The zero point.</param>
public readonly record struct AffineQuant(float Scale, int ZeroPoint)
{
    /// <summary><c>Scale · (q − ZeroPoint)</c> in float, as DequantizeLinear computes it.</summary>
    public float Dequantize(int q) => Quantization.Dequantize(q, Scale, ZeroPoint);

    /// <summary><c>clamp(round_half_even(real / Scale) + ZeroPoint, min, max)</c>, as QuantizeLinear computes it.</summary>
    public int Quantize(float real, int min, int max) => Quantization.Quantize(real, Scale, ZeroPoint, min, max, QuantizeRounding.HalfToEven);
}

/// <summary>
/// com.microsoft QLinearAdd on one element pair: <c>C = Q_c(DQ_a(a) + DQ_b(b))</c>, every step in float
/// exactly as DequantizeLinear → Add → QuantizeLinear computes it, so the fused op equals its QDQ form
/// bit for bit. [Min, Max] is the output clamp (the type's range, narrowed by a fused Relu).
/// </summary>
/// <remarks>ONNX Runtime's scalar path (MlasQLinearAddKernelRawHelper) evaluates the same expression; its
/// vector paths use fixed-point multipliers and may differ by one LSB.</remarks>
public readonly record struct QLinearAddOperator<T>(AffineQuant A, AffineQuant B, AffineQuant C, int Min, int Max) : IBinaryOperator<T, T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) =>
        T.CreateTruncating(C.Quantize(A.Dequantize(int.CreateTruncating(a)) + B.Dequantize(int.CreateTruncating(b)), Min, Max));
}

/// <summary>com.microsoft QLinearMul on one element pair: <c>C = Q_c(DQ_a(a) · DQ_b(b))</c> in float (see
/// <see cref="QLinearAddOperator{T}"/>).</summary>
public readonly record struct QLinearMulOperator<T>(AffineQuant A, AffineQuant B, AffineQuant C, int Min, int Max) : IBinaryOperator<T, T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    /// <inheritdoc/>
    public T Invoke(T a, T b) =>
        T.CreateTruncating(C.Quantize(A.Dequantize(int.CreateTruncating(a)) * B.Dequantize(int.CreateTruncating(b)), Min, Max));
}
