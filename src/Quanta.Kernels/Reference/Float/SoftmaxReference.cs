namespace Quanta.Kernels;

/// <summary>
/// Float softmax, log-softmax and hardmax along one axis of a tensor seen as
/// <c>[outer, axis, inner]</c> (ONNX opset ≥ 13; TFLite SOFTMAX and LOG_SOFTMAX on the last axis).
/// </summary>
/// <remarks>
/// Numerically stable: the maximum along the axis is subtracted before exponentiating, so inputs
/// of any magnitude give finite results (softmax(x) = exp(βx − βmax) / Σ exp(βx − βmax), which is
/// the same function). Sums accumulate in double: the axis can be long (a vocabulary).
/// </remarks>
public static class SoftmaxReference
{
    /// <summary>y = exp(β(x − max)) / Σ exp(β(x − max)) along the axis.</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int outer, int axis, int inner, float beta = 1f)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * axis * inner + i;
                float max = Max(x, start, axis, inner);
                double sum = 0;
                for (int k = 0; k < axis; k++)
                {
                    int at = start + k * inner;
                    float e = MathF.Exp(beta * (x[at] - max));
                    y[at] = e;
                    sum += e;
                }
                float inv = (float)(1.0 / sum);
                for (int k = 0; k < axis; k++) y[start + k * inner] *= inv;
            }
        }
    }

    /// <summary>y = (x − max) − log Σ exp(x − max) along the axis.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int outer, int axis, int inner)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * axis * inner + i;
                float max = Max(x, start, axis, inner);
                double sum = 0;
                for (int k = 0; k < axis; k++) sum += Math.Exp(x[start + k * inner] - max);
                float logSum = (float)Math.Log(sum);
                for (int k = 0; k < axis; k++)
                {
                    int at = start + k * inner;
                    y[at] = x[at] - max - logSum;
                }
            }
        }
    }

    /// <summary>y = 1 at the first maximum along the axis, 0 elsewhere (ONNX Hardmax).</summary>
    public static void Hardmax(ReadOnlySpan<float> x, Span<float> y, int outer, int axis, int inner)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * axis * inner + i;
                int best = 0;
                for (int k = 1; k < axis; k++)
                {
                    if (x[start + k * inner] > x[start + best * inner]) best = k;
                }
                for (int k = 0; k < axis; k++) y[start + k * inner] = k == best ? 1f : 0f;
            }
        }
    }

    private static float Max(ReadOnlySpan<float> x, int start, int axis, int inner)
    {
        float max = float.NegativeInfinity;
        for (int k = 0; k < axis; k++) max = MathF.Max(max, x[start + k * inner]);
        return max;
    }
}
