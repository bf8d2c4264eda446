namespace Quanta.Kernels.Arithmetic;

/// <summary>How a float is rounded to an integer when quantizing.</summary>
public enum QuantizeRounding
{
    /// <summary>Round half away from zero (C's round; TFLite's TfLiteRound and QUANTIZE).</summary>
    HalfAwayFromZero,
    /// <summary>Round half to even (ONNX QuantizeLinear, numpy's rint).</summary>
    HalfToEven,
}

/// <summary>
/// Affine quantization <c>real = scale · (q − zeroPoint)</c> between floats and integers, saturating
/// casts, and the clamp range of fused activations (TFLite's CalculateActivationRangeQuantized).
/// </summary>
public static class Quantization
{
    /// <summary>Rounds a float to an integer-valued float with the given rule.</summary>
    public static float Round(float x, QuantizeRounding rounding) =>
        rounding == QuantizeRounding.HalfToEven ? MathF.Round(x, MidpointRounding.ToEven) : MathF.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>Rounds a double to an integer-valued double with the given rule.</summary>
    public static double Round(double x, QuantizeRounding rounding) =>
        rounding == QuantizeRounding.HalfToEven ? Math.Round(x, MidpointRounding.ToEven) : Math.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <c>clamp(round(x / scale) + zeroPoint, min, max)</c> with the division in float, as both
    /// TFLite's AffineQuantize and ONNX QuantizeLinear compute it.
    /// </summary>
    /// <remarks>The float → int conversion saturates (.NET semantics); NaN maps to the zero point.
    /// TFLite's C++ cast is undefined there; the clamp that follows makes the two agree for every
    /// finite input whose quotient fits int32.</remarks>
    public static int Quantize(float x, float scale, int zeroPoint, int min, int max, QuantizeRounding rounding)
    {
        float q = Round(x / scale, rounding);
        long value = float.IsNaN(q) ? 0 : (long)Math.Clamp((double)q, int.MinValue, int.MaxValue);
        return (int)Math.Clamp(value + zeroPoint, min, max);
    }

    /// <summary><c>scale · (q − zeroPoint)</c> in float, as TFLite's reference Dequantize computes it.</summary>
    public static float Dequantize(int q, float scale, int zeroPoint) => scale * (q - zeroPoint);

    /// <summary>Quantizes a whole buffer per tensor into int32 codes clamped to [min, max].</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void QuantizePerTensor(ReadOnlySpan<float> input, float scale, int zeroPoint, int min, int max, QuantizeRounding rounding, Span<int> output)
    {
        if (input.Length != output.Length) throw new ArgumentException($"{input.Length} inputs but {output.Length} outputs", nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = Quantize(input[i], scale, zeroPoint, min, max, rounding);
    }

    /// <summary>
    /// Quantizes a row-major buffer per axis: element i uses the parameters of its index along the
    /// axis, <c>(i / innerSize) % axisSize</c>.
    /// </summary>
    /// <param name="input">The floats.</param>
    /// <param name="scales">One scale per index of the axis.</param>
    /// <param name="zeroPoints">One zero point per index of the axis.</param>
    /// <param name="innerSize">Product of the dimensions after the axis.</param>
    /// <param name="min">Smallest code.</param>
    /// <param name="max">Largest code.</param>
    /// <param name="rounding">Rounding rule.</param>
    /// <param name="output">The codes.</param>
    /// <exception cref="ArgumentException">Lengths do not match.</exception>
    public static void QuantizePerAxis(ReadOnlySpan<float> input, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize,
        int min, int max, QuantizeRounding rounding, Span<int> output)
    {
        CheckPerAxis(input.Length, output.Length, scales.Length, zeroPoints.Length, innerSize);
        for (int i = 0; i < input.Length; i++)
        {
            int c = i / innerSize % scales.Length;
            output[i] = Quantize(input[i], scales[c], zeroPoints[c], min, max, rounding);
        }
    }

    /// <summary>Dequantizes a row-major buffer of codes per axis (see <see cref="QuantizePerAxis"/>).</summary>
    /// <exception cref="ArgumentException">Lengths do not match.</exception>
    public static void DequantizePerAxis(ReadOnlySpan<int> input, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int innerSize, Span<float> output)
    {
        CheckPerAxis(input.Length, output.Length, scales.Length, zeroPoints.Length, innerSize);
        for (int i = 0; i < input.Length; i++)
        {
            int c = i / innerSize % scales.Length;
            output[i] = Dequantize(input[i], scales[c], zeroPoints[c]);
        }
    }

    private static void CheckPerAxis(int inputs, int outputs, int scales, int zeroPoints, int innerSize)
    {
        if (inputs != outputs) throw new ArgumentException($"{inputs} inputs but {outputs} outputs");
        if (scales == 0 || scales != zeroPoints) throw new ArgumentException($"{scales} scales and {zeroPoints} zero points");
        if (innerSize <= 0) throw new ArgumentException($"inner size {innerSize} must be positive");
    }

    /// <summary>Clamps to [−128, 127].</summary>
    public static sbyte SaturateToInt8(long x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Clamps to [0, 255].</summary>
    public static byte SaturateToUInt8(long x) => (byte)Math.Clamp(x, byte.MinValue, byte.MaxValue);

    /// <summary>Clamps to [−32768, 32767].</summary>
    public static short SaturateToInt16(long x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Clamps to the int32 range.</summary>
    public static int SaturateToInt32(long x) => (int)Math.Clamp(x, int.MinValue, int.MaxValue);

    /// <summary>
    /// The clamp range [min, max] of a fused activation on an output with the given parameters,
    /// within the type range [<paramref name="qmin"/>, <paramref name="qmax"/>] (TFLite's
    /// CalculateActivationRangeQuantized: the bounds 0, 6, ±1 quantized with
    /// <c>zeroPoint + (int)round_half_away(f / scale)</c> in float).
    /// </summary>
    /// <exception cref="ArgumentException">Tanh or SignBit, which are not clamps (TFLite would silently
    /// skip them; Quanta refuses rather than compute something else).</exception>
    public static (int Min, int Max) ActivationRange(FusedActivation activation, float scale, int zeroPoint, int qmin, int qmax)
    {
        int Q(float f) => zeroPoint + (int)MathF.Round(f / scale, MidpointRounding.AwayFromZero);
        return activation switch
        {
            FusedActivation.None => (qmin, qmax),
            FusedActivation.Relu => (Math.Max(qmin, Q(0f)), qmax),
            FusedActivation.Relu6 => (Math.Max(qmin, Q(0f)), Math.Min(qmax, Q(6f))),
            FusedActivation.ReluN1To1 => (Math.Max(qmin, Q(-1f)), Math.Min(qmax, Q(1f))),
            _ => throw new ArgumentException($"fused activation {activation} is not supported on quantized outputs", nameof(activation)),
        };
    }
}
