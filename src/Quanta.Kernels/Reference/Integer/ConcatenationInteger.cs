namespace Quanta.Kernels;

/// <summary>
/// CONCATENATION of quantized tensors. Inputs whose parameters equal the output's are copied; the
/// others are requantized as TFLite's reference ConcatenationWithScaling does (in float:
/// <c>round(q·s_in/s_out − Z_in·s_in/s_out) + Z_out</c>, saturating).
/// </summary>
/// <remarks>Desktop TFLite and TFLite Micro reject int8 inputs with differing parameters; TFLite's
/// uint8 kernel rescales them with this formula, which Quanta applies to every integer type.</remarks>
public static class ConcatenationInteger
{
    /// <summary>Writes one input's slices into the output.</summary>
    /// <param name="input">The input, viewed as [outer, inputSlice].</param>
    /// <param name="outerSize">Product of the dimensions before the axis.</param>
    /// <param name="inputSlice">The input's axis extent times the product of the dimensions after it.</param>
    /// <param name="outputSlice">The same for the output.</param>
    /// <param name="outputStart">Where this input starts inside each output slice.</param>
    /// <param name="inputScale">s_in.</param>
    /// <param name="inputZeroPoint">Z_in.</param>
    /// <param name="outputScale">s_out.</param>
    /// <param name="outputZeroPoint">Z_out.</param>
    /// <param name="output">The output, viewed as [outer, outputSlice].</param>
    public static void CopyInput<T>(ReadOnlySpan<T> input, int outerSize, int inputSlice, int outputSlice, int outputStart,
        float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<T> output)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        bool same = inputScale == outputScale && inputZeroPoint == outputZeroPoint;
        float scale = inputScale * (1.0f / outputScale);
        float bias = -inputZeroPoint * scale;
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int k = 0; k < outerSize; k++)
        {
            var src = input.Slice(k * inputSlice, inputSlice);
            var dst = output.Slice(k * outputSlice + outputStart, inputSlice);
            if (same)
            {
                src.CopyTo(dst);
                continue;
            }
            for (int j = 0; j < src.Length; j++)
            {
                int value = (int)MathF.Round(float.CreateTruncating(src[j]) * scale + bias, MidpointRounding.AwayFromZero) + outputZeroPoint;
                dst[j] = T.CreateTruncating(Math.Clamp(value, min, max));
            }
        }
    }
}
