using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized DEPTHWISE_CONV_2D over NHWC with [1, fH, fW, C·M] weights, bit-exact with TFLite's
/// <c>reference_integer_ops::DepthwiseConvPerChannel</c> (integer_ops/depthwise_conv.h): output
/// channel <c>ic·M + m</c> reads input channel ic only.
/// </summary>
public static class DepthwiseConv2DInteger
{
    /// <summary>int8 activations, int8 weights per output channel, int32 bias (see
    /// <see cref="Conv2DInteger.Int8"/> for the arithmetic and its bounds).</summary>
    /// <param name="w">Geometry; OutputChannels = InputChannels · <paramref name="depthMultiplier"/>.</param>
    /// <param name="depthMultiplier">M.</param>
    /// <param name="input">[N, H, W, C].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="filter">[1, fH, fW, C·M].</param>
    /// <param name="bias">[C·M], or empty.</param>
    /// <param name="multipliers">Per output channel.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="activationMin">Lower clamp.</param>
    /// <param name="activationMax">Upper clamp.</param>
    /// <param name="output">[N, oH, oW, C·M].</param>
    public static void Int8(in ConvWindow w, int depthMultiplier, ReadOnlySpan<sbyte> input, int inputZeroPoint, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int outputZeroPoint, int activationMin, int activationMax,
        Span<sbyte> output)
    {
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    for (int ic = 0; ic < w.InputChannels; ic++)
                    {
                        for (int m = 0; m < depthMultiplier; m++)
                        {
                            int oc = m + ic * depthMultiplier;
                            int acc = 0;
                            for (int fy = 0; fy < w.FilterHeight; fy++)
                            {
                                int inY = oy * w.StrideHeight - w.PadTop + w.DilationHeight * fy;
                                if (inY < 0 || inY >= w.InputHeight) continue;
                                for (int fx = 0; fx < w.FilterWidth; fx++)
                                {
                                    int inX = ox * w.StrideWidth - w.PadLeft + w.DilationWidth * fx;
                                    if (inX < 0 || inX >= w.InputWidth) continue;
                                    int x = input[w.InputOffset(b, inY, inX, ic)] - inputZeroPoint;
                                    acc = unchecked(acc + filter[(fy * w.FilterWidth + fx) * w.OutputChannels + oc] * x);
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
    }

    /// <summary>int16 activations (zero point 0), int8 weights, int64 bias: 64-bit accumulator and requantization.</summary>
    public static void Int16(in ConvWindow w, int depthMultiplier, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<long> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output) =>
        Int16Core(w, depthMultiplier, input, filter, bias, multipliers, activationMin, activationMax, output);

    /// <summary>int16 activations with an int32 bias: 32-bit accumulator and double-rounding requantization.</summary>
    public static void Int16(in ConvWindow w, int depthMultiplier, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output) =>
        Int16Core(w, depthMultiplier, input, filter, bias, multipliers, activationMin, activationMax, output);

    private static void Int16Core<TBias>(in ConvWindow w, int depthMultiplier, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<TBias> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<short> output)
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        bool wide = typeof(TBias) == typeof(long);
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    for (int ic = 0; ic < w.InputChannels; ic++)
                    {
                        for (int m = 0; m < depthMultiplier; m++)
                        {
                            int oc = m + ic * depthMultiplier;
                            long acc = 0;
                            for (int fy = 0; fy < w.FilterHeight; fy++)
                            {
                                int inY = oy * w.StrideHeight - w.PadTop + w.DilationHeight * fy;
                                if (inY < 0 || inY >= w.InputHeight) continue;
                                for (int fx = 0; fx < w.FilterWidth; fx++)
                                {
                                    int inX = ox * w.StrideWidth - w.PadLeft + w.DilationWidth * fx;
                                    if (inX < 0 || inX >= w.InputWidth) continue;
                                    acc += filter[(fy * w.FilterWidth + fx) * w.OutputChannels + oc] * input[w.InputOffset(b, inY, inX, ic)];
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
}
