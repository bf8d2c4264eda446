namespace Quanta.Kernels;

/// <summary>
/// How TFLite's hybrid (dynamic-range) kernels quantize a float input at run time, one batch row
/// at a time (tensor_utils <c>SymmetricQuantizeFloats</c> / <c>AsymmetricQuantizeFloats</c>).
/// </summary>
public static class HybridInputQuantization
{
    /// <summary>Quantizes <paramref name="values"/> to int8 into <paramref name="quantized"/>.</summary>
    /// <param name="values">One batch row of the float input.</param>
    /// <param name="quantized">Receives the int8 values (same length).</param>
    /// <param name="asymmetric">Asymmetric: the range [min(0, min x), max(0, max x)] onto [−128, 127]
    /// with a zero point (the offset); symmetric: max |x| onto 127, offset 0.</param>
    /// <returns>The scale and the offset (zero point): <c>x ≈ scale · (q − offset)</c>. A row of
    /// zeros gives scale 1 and offset 0.</returns>
    public static (float Scale, int Offset) Quantize(ReadOnlySpan<float> values, Span<sbyte> quantized, bool asymmetric)
    {
        float min = 0, max = 0;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return asymmetric ? Asymmetric(values, quantized, min, max) : Symmetric(values, quantized, Math.Max(-min, max));
    }

    private static (float, int) Symmetric(ReadOnlySpan<float> values, Span<sbyte> quantized, float range)
    {
        if (range == 0)
        {
            quantized[..values.Length].Clear();
            return (1f, 0);
        }
        float inverse = 127f / range;
        for (int i = 0; i < values.Length; i++)
        {
            // TfLiteRound: half away from zero.
            int q = (int)MathF.Round(values[i] * inverse, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -127, 127);
        }
        return (range / 127f, 0);
    }

    private static (float, int) Asymmetric(ReadOnlySpan<float> values, Span<sbyte> quantized, float min, float max)
    {
        const double QMin = -128, QMax = 127;
        double rmin = min, rmax = max;
        if (rmin == rmax)
        {
            quantized[..values.Length].Clear();
            return (1f, 0);
        }
        double scale = (rmax - rmin) / (QMax - QMin);
        // The zero point from whichever end of the range loses less precision, then nudged onto the grid.
        double fromMin = QMin - rmin / scale, fromMax = QMax - rmax / scale;
        double fromMinError = Math.Abs(QMin) + Math.Abs(rmin / scale), fromMaxError = Math.Abs(QMax) + Math.Abs(rmax / scale);
        double zeroPoint = fromMinError < fromMaxError ? fromMin : fromMax;
        int offset = zeroPoint <= QMin ? -128 : zeroPoint >= QMax ? 127 : (int)Math.Round(zeroPoint, MidpointRounding.AwayFromZero);
        float floatScale = (float)scale;
        float inverse = 1f / floatScale;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)MathF.Round(offset + values[i] * inverse, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -128, 127);
        }
        return (floatScale, offset);
    }
}
