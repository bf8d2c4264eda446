namespace Quanta.Kernels.Arithmetic;

/// <summary>
/// ONNX's requantization of integer accumulators, as ONNX Runtime computes it (MLAS
/// MlasRequantizeOutput, quantize.cpp): the accumulator is converted to float, multiplied by a
/// float multiplier, clamped to the output range shifted by the zero point, rounded half to even
/// and offset by the zero point. Every step is single-precision, so the result is bit-exact with
/// ORT's scalar and vector paths.
/// </summary>
/// <remarks>
/// Unlike TFLite's fixed-point <see cref="Requantize"/>, nothing here is precomputed into an
/// integer multiplier: the float product <c>(float)acc · M</c> rounds once to float (and the
/// int → float conversion rounds once for |acc| &gt; 2^24), then once to an integer. Clamping
/// before rounding equals clamping after it because the bounds are integers.
/// </remarks>
public static class FloatRequantization
{
    /// <summary>
    /// <c>clamp(round_half_even((float)accumulator · multiplier) + zeroPoint, min, max)</c>.
    /// </summary>
    /// <param name="accumulator">The int32 accumulator (bias already added, wrapping as in C).</param>
    /// <param name="multiplier">The real multiplier, e.g. <see cref="Multiplier"/>.</param>
    /// <param name="zeroPoint">The output zero point.</param>
    /// <param name="min">The smallest output code (the type's minimum or a fused activation's).</param>
    /// <param name="max">The largest output code.</param>
    public static int Apply(int accumulator, float multiplier, int zeroPoint, int min, int max)
    {
        float scaled = accumulator * multiplier;
        // Math.Clamp maps NaN to NaN; the multiplier is validated finite and positive, so a NaN
        // cannot arise, and ±∞ (a huge multiplier) clamps to the bounds.
        float clamped = Math.Clamp(scaled, min - zeroPoint, max - zeroPoint);
        return (int)MathF.Round(clamped, MidpointRounding.ToEven) + zeroPoint;
    }

    /// <summary>
    /// The multiplier of a convolution or matrix product, <c>(inputScale · weightScale) / outputScale</c>
    /// evaluated in float left to right, as ORT's QLinearConv and QLinearMatMul compute it.
    /// </summary>
    public static float Multiplier(float inputScale, float weightScale, float outputScale) => inputScale * weightScale / outputScale;
}
