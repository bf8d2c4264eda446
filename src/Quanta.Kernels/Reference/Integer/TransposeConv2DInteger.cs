using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized TRANSPOSE_CONV over NHWC with [C_out, fH, fW, C_in] weights, bit-exact with TFLite's
/// <c>reference_integer_ops::TransposeConv</c> (integer_ops/transpose_conv.h): every input element
/// scatters <c>(x − Zx)·w</c> into the outputs its window covers (in a zeroed accumulator
/// buffer), then each output adds its bias and is requantized per channel.
/// </summary>
/// <remarks>
/// In <see cref="ConvWindow"/> terms the window slides over the <em>output</em>: output position
/// <c>in·stride − pad + f</c> receives input position <c>in</c> through filter tap f. Dilation is 1.
/// </remarks>
public static class TransposeConv2DInteger
{
    /// <summary>int8 activations and weights, int32 bias, int32 accumulators.</summary>
    /// <param name="w">Geometry (input = the op's data input, output = the op's output).</param>
    /// <param name="input">[N, H, W, C_in].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="filter">[C_out, fH, fW, C_in].</param>
    /// <param name="bias">[C_out], or empty.</param>
    /// <param name="multipliers">Per output channel.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="activationMin">Lower clamp.</param>
    /// <param name="activationMax">Upper clamp.</param>
    /// <param name="scratch">Accumulators, one per output element (overwritten).</param>
    /// <param name="output">[N, oH, oW, C_out].</param>
    public static void Int8(in ConvWindow w, ReadOnlySpan<sbyte> input, int inputZeroPoint, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int outputZeroPoint, int activationMin, int activationMax, Span<int> scratch, Span<sbyte> output)
    {
        scratch.Clear();
        for (int b = 0; b < w.Batches; b++)
        {
            for (int iy = 0; iy < w.InputHeight; iy++)
            {
                for (int ix = 0; ix < w.InputWidth; ix++)
                {
                    for (int ic = 0; ic < w.InputChannels; ic++)
                    {
                        int x = input[w.InputOffset(b, iy, ix, ic)] - inputZeroPoint;
                        for (int fy = 0; fy < w.FilterHeight; fy++)
                        {
                            int oy = iy * w.StrideHeight - w.PadTop + fy;
                            if (oy < 0 || oy >= w.OutputHeight) continue;
                            for (int fx = 0; fx < w.FilterWidth; fx++)
                            {
                                int ox = ix * w.StrideWidth - w.PadLeft + fx;
                                if (ox < 0 || ox >= w.OutputWidth) continue;
                                for (int oc = 0; oc < w.OutputChannels; oc++)
                                {
                                    int f = filter[((oc * w.FilterHeight + fy) * w.FilterWidth + fx) * w.InputChannels + ic];
                                    ref int acc = ref scratch[w.OutputOffset(b, oy, ox, oc)];
                                    acc = unchecked(acc + x * f);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < output.Length; i++)
        {
            int oc = i % w.OutputChannels;
            int acc = bias.IsEmpty ? scratch[i] : unchecked(scratch[i] + bias[oc]);
            acc = multipliers[oc].Apply(acc) + outputZeroPoint;
            output[i] = (sbyte)Math.Clamp(acc, activationMin, activationMax);
        }
    }

    /// <summary>int16 activations (zero point 0), int8 weights, int64 (or widened int16/int32) bias,
    /// int64 accumulators and the 64-bit requantization.</summary>
    public static void Int16(in ConvWindow w, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<long> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax, Span<long> scratch, Span<short> output)
    {
        scratch.Clear();
        for (int b = 0; b < w.Batches; b++)
        {
            for (int iy = 0; iy < w.InputHeight; iy++)
            {
                for (int ix = 0; ix < w.InputWidth; ix++)
                {
                    for (int ic = 0; ic < w.InputChannels; ic++)
                    {
                        int x = input[w.InputOffset(b, iy, ix, ic)];
                        for (int fy = 0; fy < w.FilterHeight; fy++)
                        {
                            int oy = iy * w.StrideHeight - w.PadTop + fy;
                            if (oy < 0 || oy >= w.OutputHeight) continue;
                            for (int fx = 0; fx < w.FilterWidth; fx++)
                            {
                                int ox = ix * w.StrideWidth - w.PadLeft + fx;
                                if (ox < 0 || ox >= w.OutputWidth) continue;
                                for (int oc = 0; oc < w.OutputChannels; oc++)
                                {
                                    int f = filter[((oc * w.FilterHeight + fy) * w.FilterWidth + fx) * w.InputChannels + ic];
                                    scratch[w.OutputOffset(b, oy, ox, oc)] += x * f;
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < output.Length; i++)
        {
            int oc = i % w.OutputChannels;
            long acc = bias.IsEmpty ? scratch[i] : scratch[i] + bias[oc];
            int scaled = multipliers[oc].Apply(acc);
            output[i] = (short)Math.Clamp(scaled, activationMin, activationMax);
        }
    }
}
