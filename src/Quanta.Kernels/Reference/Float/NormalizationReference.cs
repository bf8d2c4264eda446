namespace Quanta.Kernels;

/// <summary>
/// Float reference normalizations over tensors seen as [outer, channels, inner] (ONNX NCHW:
/// outer = N, inner = spatial size) or [outer, depth] (TFLite L2_NORMALIZATION).
/// </summary>
public static class NormalizationReference
{
    /// <summary>
    /// ONNX BatchNormalization, inference form: y = (x − mean[c]) / sqrt(var[c] + ε) · scale[c] + bias[c],
    /// evaluated in that order in float, as the ONNX reference does.
    /// </summary>
    public static void BatchNormalization(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon, Span<float> y, int outer, int channels, int inner)
    {
        for (int n = 0; n < outer; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                float std = MathF.Sqrt(variance[c] + epsilon);
                int start = (n * channels + c) * inner;
                for (int i = start; i < start + inner; i++) y[i] = (x[i] - mean[c]) / std * scale[c] + bias[c];
            }
        }
    }

    /// <summary>
    /// ONNX InstanceNormalization: per (n, c), y = scale[c]·(x − μ) / sqrt(σ² + ε) + bias[c] with the
    /// mean μ and population variance σ² of the inner elements, accumulated in double.
    /// </summary>
    public static void InstanceNormalization(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias,
        float epsilon, Span<float> y, int outer, int channels, int inner)
    {
        for (int n = 0; n < outer; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                var block = x.Slice((n * channels + c) * inner, inner);
                double sum = 0;
                foreach (float v in block) sum += v;
                double mean = sum / inner;
                double squares = 0;
                foreach (float v in block) squares += (v - mean) * (v - mean);
                float std = (float)Math.Sqrt(squares / inner + epsilon);
                var target = y.Slice((n * channels + c) * inner, inner);
                for (int i = 0; i < inner; i++) target[i] = scale[c] * (float)(block[i] - mean) / std + bias[c];
            }
        }
    }

    /// <summary>
    /// ONNX LRN across channels: y = x / (bias + alpha / size · Σ x²)^beta, the sum over channels
    /// <c>c − floor((size − 1) / 2) … c + ceil((size − 1) / 2)</c> that exist.
    /// </summary>
    public static void LocalResponseNormalization(ReadOnlySpan<float> x, Span<float> y, int outer, int channels, int inner,
        int size, float alpha, float beta, float bias)
    {
        int before = (size - 1) / 2, after = size - 1 - before;
        for (int n = 0; n < outer; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int lo = Math.Max(0, c - before), hi = Math.Min(channels - 1, c + after);
                for (int i = 0; i < inner; i++)
                {
                    float sum = 0f;
                    for (int cc = lo; cc <= hi; cc++)
                    {
                        float v = x[(n * channels + cc) * inner + i];
                        sum += v * v;
                    }
                    int at = (n * channels + c) * inner + i;
                    y[at] = x[at] / MathF.Pow(bias + alpha / size * sum, beta);
                }
            }
        }
    }

    /// <summary>
    /// TFLite L2_NORMALIZATION (reference_ops::L2Normalization): per row of <paramref name="depth"/>
    /// elements, y = x / max(sqrt(Σ x²), ε) with ε = 1e-6.
    /// </summary>
    public static void L2Normalization(ReadOnlySpan<float> x, Span<float> y, int outer, int depth, float epsilon = 1e-6f)
    {
        for (int r = 0; r < outer; r++)
        {
            var row = x.Slice(r * depth, depth);
            float squares = 0f;
            foreach (float v in row) squares += v * v;
            float norm = MathF.Max(MathF.Sqrt(squares), epsilon);
            for (int i = 0; i < depth; i++) y[r * depth + i] = row[i] / norm;
        }
    }
}
