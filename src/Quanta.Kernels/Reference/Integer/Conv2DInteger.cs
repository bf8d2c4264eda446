using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized CONV_2D over NHWC with OHWI weights, bit-exact with TFLite's
/// <c>reference_integer_ops::ConvPerChannel</c> (integer_ops/conv.h), grouped convolution included
/// (groups = input channels / filter input channels).
/// </summary>
public static class Conv2DInteger
{
    /// <summary>
    /// int8 activations, int8 symmetric weights (per output channel), int32 bias:
    /// <c>acc = Σ w·(x − Zx) + bias</c>, then <c>clamp(acc·M[c] + Zy, min, max)</c>.
    /// </summary>
    /// <remarks>
    /// Accumulator bound (TFLite's comment): each term is at most 127·255 = 32385 &lt; 2^15, so 2^16
    /// terms (filter H·W·C_in) fit int32 with the bias; larger filters wrap exactly like TFLite.
    /// Padding contributes nothing (points outside the image are skipped), which is what a zero
    /// point–valued pad means.
    /// </remarks>
    /// <param name="w">Geometry; <c>w.InputChannels</c> is a multiple of the filter's input channels.</param>
    /// <param name="input">[N, H, W, C_in].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="filter">[C_out, fH, fW, C_in / groups].</param>
    /// <param name="bias">[C_out], or empty for no bias.</param>
    /// <param name="multipliers">Per output channel: input scale · weight scale[c] / output scale.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="activationMin">Lower clamp (fused activation and type range).</param>
    /// <param name="activationMax">Upper clamp.</param>
    /// <param name="output">[N, oH, oW, C_out].</param>
    public static void Int8(in ConvWindow w, ReadOnlySpan<sbyte> input, int inputZeroPoint, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int outputZeroPoint, int activationMin, int activationMax,
        Span<sbyte> output)
    {
        int filterInputChannels = filter.Length / (w.OutputChannels * w.FilterHeight * w.FilterWidth);
        int filtersPerGroup = w.OutputChannels / (w.InputChannels / filterInputChannels);
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                int inY0 = oy * w.StrideHeight - w.PadTop;
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    int inX0 = ox * w.StrideWidth - w.PadLeft;
                    for (int oc = 0; oc < w.OutputChannels; oc++)
                    {
                        int channelBase = oc / filtersPerGroup * filterInputChannels;
                        int acc = 0;
                        for (int fy = 0; fy < w.FilterHeight; fy++)
                        {
                            int inY = inY0 + w.DilationHeight * fy;
                            if (inY < 0 || inY >= w.InputHeight) continue;
                            for (int fx = 0; fx < w.FilterWidth; fx++)
                            {
                                int inX = inX0 + w.DilationWidth * fx;
                                if (inX < 0 || inX >= w.InputWidth) continue;
                                int inBase = w.InputOffset(b, inY, inX, channelBase);
                                int fBase = ((oc * w.FilterHeight + fy) * w.FilterWidth + fx) * filterInputChannels;
                                for (int ic = 0; ic < filterInputChannels; ic++)
                                    acc = unchecked(acc + filter[fBase + ic] * (input[inBase + ic] - inputZeroPoint));
                            }
                        }
                        if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
                        acc = multipliers[oc].Apply(acc) + outputZeroPoint;
                        output[w.OutputOffset(b, oy, ox, oc)] = (sbyte)Math.Clamp(acc, activationMin, activationMax);
                    }
                }
            }
        }
    }

    /// <summary>
    /// int16 activations (zero point 0), int8 weights, int64 bias — TFLite's 16x8 scheme: a 64-bit
    /// accumulator requantized with the 64-bit MultiplyByQuantizedMultiplier.
    /// </summary>
    /// <remarks>Each term is at most 127·32768 &lt; 2^22, so the accumulator stays far inside the
    /// 2^47 that the 64-bit requantization accepts.</remarks>
    public static void Int16(in ConvWindow w, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<long> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output) =>
        Int16Core(w, input, filter, bias, multipliers, activationMin, activationMax, output);

    /// <summary>
    /// int16 activations with an int32 bias: TFLite Micro's <c>ConvPerChannel&lt;int32_t&gt;</c>, a
    /// 32-bit accumulator requantized with the 32-bit (double-rounding) multiply.
    /// </summary>
    public static void Int16(in ConvWindow w, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output) =>
        Int16Core(w, input, filter, bias, multipliers, activationMin, activationMax, output);

    private static void Int16Core<TBias>(in ConvWindow w, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<TBias> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output)
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        bool wide = typeof(TBias) == typeof(long);
        int filterInputChannels = filter.Length / (w.OutputChannels * w.FilterHeight * w.FilterWidth);
        int filtersPerGroup = w.OutputChannels / (w.InputChannels / filterInputChannels);
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                int inY0 = oy * w.StrideHeight - w.PadTop;
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    int inX0 = ox * w.StrideWidth - w.PadLeft;
                    for (int oc = 0; oc < w.OutputChannels; oc++)
                    {
                        int channelBase = oc / filtersPerGroup * filterInputChannels;
                        long acc = 0;
                        for (int fy = 0; fy < w.FilterHeight; fy++)
                        {
                            int inY = inY0 + w.DilationHeight * fy;
                            if (inY < 0 || inY >= w.InputHeight) continue;
                            for (int fx = 0; fx < w.FilterWidth; fx++)
                            {
                                int inX = inX0 + w.DilationWidth * fx;
                                if (inX < 0 || inX >= w.InputWidth) continue;
                                int inBase = w.InputOffset(b, inY, inX, channelBase);
                                int fBase = ((oc * w.FilterHeight + fy) * w.FilterWidth + fx) * filterInputChannels;
                                for (int ic = 0; ic < filterInputChannels; ic++)
                                    acc += filter[fBase + ic] * input[inBase + ic];
                            }
                        }
                        if (!bias.IsEmpty) acc += long.CreateTruncating(bias[oc]);
                        int scaled = wide ? multipliers[oc].Apply(acc) : multipliers[oc].Apply(unchecked((int)acc));
                        output[w.OutputOffset(b, oy, ox, oc)] = (short)Math.Clamp(scaled, activationMin, activationMax);
                    }
                }
            }
        }
    }
}
