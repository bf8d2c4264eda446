namespace Quanta.Kernels;

/// <summary>
/// TFLite's hybrid (dynamic-range) FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D: float input and
/// output, int8 symmetric weights (per tensor or per output channel). Each batch row of the input is
/// quantized to int8 at run time (<see cref="HybridInputQuantization"/>), multiplied in integers,
/// and the int32 sum rescaled by <c>input_scale[b] · weight_scale[c]</c>, then the float bias is
/// added and the fused activation applied — fully_connected.cc <c>EvalHybrid</c>, conv.cc
/// <c>EvalHybridPerChannel</c> and depthwise_conv.cc <c>EvalHybridPerChannel</c>.
/// </summary>
/// <remarks>The accumulator is <c>Σ w·(q − offset)</c>; padding taps are skipped (they stand for
/// real 0). Scratch buffers are the caller's, so that nothing is allocated per run.</remarks>
public static class HybridReference
{
    /// <summary>FULLY_CONNECTED: <c>y[b, o] = act(Σ_i W[o, i]·x[b, i] + bias[o])</c>.</summary>
    /// <param name="batch">Rows of the input.</param>
    /// <param name="units">Output features (rows of W).</param>
    /// <param name="depth">Input features.</param>
    /// <param name="input">[batch, depth] floats.</param>
    /// <param name="weights">[units, depth] int8.</param>
    /// <param name="weightScales">One scale, or one per unit.</param>
    /// <param name="bias">[units] floats, or empty.</param>
    /// <param name="asymmetric">Quantize input rows asymmetrically.</param>
    /// <param name="min">Fused activation lower bound.</param>
    /// <param name="max">Fused activation upper bound.</param>
    /// <param name="scratch">At least <paramref name="depth"/> bytes.</param>
    /// <param name="output">[batch, units] floats.</param>
    public static void FullyConnected(int batch, int units, int depth, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights,
        ReadOnlySpan<float> weightScales, ReadOnlySpan<float> bias, bool asymmetric, float min, float max, Span<sbyte> scratch, Span<float> output)
    {
        for (int b = 0; b < batch; b++)
        {
            var q = scratch[..depth];
            var (scale, offset) = HybridInputQuantization.Quantize(input.Slice(b * depth, depth), q, asymmetric);
            for (int o = 0; o < units; o++)
            {
                var w = weights.Slice(o * depth, depth);
                int acc = 0, rowSum = 0;
                for (int i = 0; i < depth; i++)
                {
                    acc = unchecked(acc + w[i] * q[i]);
                    rowSum = unchecked(rowSum + w[i]);
                }
                acc = unchecked(acc - offset * rowSum);
                float y = acc * (scale * weightScales[weightScales.Length == 1 ? 0 : o]);
                if (!bias.IsEmpty) y += bias[o];
                output[b * units + o] = Math.Clamp(y, min, max);
            }
        }
    }

    /// <summary>CONV_2D over NHWC with OHWI int8 weights (groups when the input has a multiple of
    /// the filter's channels), one quantization per batch image.</summary>
    /// <param name="w">Geometry.</param>
    /// <param name="input">[N, H, W, C_in] floats.</param>
    /// <param name="filter">[C_out, fH, fW, C_in / groups] int8.</param>
    /// <param name="filterScales">One scale, or one per output channel.</param>
    /// <param name="bias">[C_out] floats, or empty.</param>
    /// <param name="asymmetric">Quantize each image asymmetrically (TFLite does with per-channel filters).</param>
    /// <param name="min">Fused activation lower bound.</param>
    /// <param name="max">Fused activation upper bound.</param>
    /// <param name="scratch">At least H·W·C_in bytes.</param>
    /// <param name="output">[N, oH, oW, C_out] floats.</param>
    public static void Conv2D(in ConvWindow w, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<float> filterScales,
        ReadOnlySpan<float> bias, bool asymmetric, float min, float max, Span<sbyte> scratch, Span<float> output)
    {
        int image = w.InputHeight * w.InputWidth * w.InputChannels;
        int filterInputChannels = filter.Length / (w.OutputChannels * w.FilterHeight * w.FilterWidth);
        int filtersPerGroup = w.OutputChannels / (w.InputChannels / filterInputChannels);
        var q = scratch[..image];
        for (int b = 0; b < w.Batches; b++)
        {
            var (scale, offset) = HybridInputQuantization.Quantize(input.Slice(b * image, image), q, asymmetric);
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
                                int inBase = w.InputOffset(0, inY, inX, channelBase);
                                int fBase = ((oc * w.FilterHeight + fy) * w.FilterWidth + fx) * filterInputChannels;
                                for (int ic = 0; ic < filterInputChannels; ic++)
                                    acc = unchecked(acc + filter[fBase + ic] * (q[inBase + ic] - offset));
                            }
                        }
                        Store(acc, scale, filterScales, bias, oc, min, max, output, w.OutputOffset(b, oy, ox, oc));
                    }
                }
            }
        }
    }

    /// <summary>DEPTHWISE_CONV_2D over NHWC with [1, fH, fW, C·M] int8 weights, one quantization per batch image.</summary>
    /// <param name="w">Geometry; output channel c·M + m reads input channel c.</param>
    /// <param name="input">[N, H, W, C] floats.</param>
    /// <param name="filter">[1, fH, fW, C·M] int8.</param>
    /// <param name="filterScales">One scale, or one per output channel.</param>
    /// <param name="bias">[C·M] floats, or empty.</param>
    /// <param name="asymmetric">Quantize each image asymmetrically.</param>
    /// <param name="min">Fused activation lower bound.</param>
    /// <param name="max">Fused activation upper bound.</param>
    /// <param name="scratch">At least H·W·C bytes.</param>
    /// <param name="output">[N, oH, oW, C·M] floats.</param>
    public static void DepthwiseConv2D(in ConvWindow w, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<float> filterScales,
        ReadOnlySpan<float> bias, bool asymmetric, float min, float max, Span<sbyte> scratch, Span<float> output)
    {
        int image = w.InputHeight * w.InputWidth * w.InputChannels;
        int multiplier = w.OutputChannels / w.InputChannels;
        var q = scratch[..image];
        for (int b = 0; b < w.Batches; b++)
        {
            var (scale, offset) = HybridInputQuantization.Quantize(input.Slice(b * image, image), q, asymmetric);
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                int inY0 = oy * w.StrideHeight - w.PadTop;
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    int inX0 = ox * w.StrideWidth - w.PadLeft;
                    for (int oc = 0; oc < w.OutputChannels; oc++)
                    {
                        int ic = oc / multiplier;
                        int acc = 0;
                        for (int fy = 0; fy < w.FilterHeight; fy++)
                        {
                            int inY = inY0 + w.DilationHeight * fy;
                            if (inY < 0 || inY >= w.InputHeight) continue;
                            for (int fx = 0; fx < w.FilterWidth; fx++)
                            {
                                int inX = inX0 + w.DilationWidth * fx;
                                if (inX < 0 || inX >= w.InputWidth) continue;
                                acc = unchecked(acc + filter[(fy * w.FilterWidth + fx) * w.OutputChannels + oc] * (q[w.InputOffset(0, inY, inX, ic)] - offset));
                            }
                        }
                        Store(acc, scale, filterScales, bias, oc, min, max, output, w.OutputOffset(b, oy, ox, oc));
                    }
                }
            }
        }
    }

    private static void Store(int acc, float inputScale, ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, int oc, float min, float max, Span<float> output, int at)
    {
        float y = acc * (inputScale * filterScales[filterScales.Length == 1 ? 0 : oc]);
        if (!bias.IsEmpty) y += bias[oc];
        output[at] = Math.Clamp(y, min, max);
    }
}
