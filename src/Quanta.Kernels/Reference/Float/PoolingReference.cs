using System.Numerics;

namespace Quanta.Kernels;

/// <summary>How a pooling window reduces its elements.</summary>
public enum PoolKind
{
    /// <summary>Largest element (padding never wins).</summary>
    Max,
    /// <summary>Mean over the taps inside the input (ONNX count_include_pad=0, TFLite AVERAGE_POOL_2D).</summary>
    AverageExcludingPadding,
    /// <summary>Sum over the taps inside the input divided by the taps inside the padded input (ONNX count_include_pad=1).</summary>
    AverageIncludingPadding,
    /// <summary>(Σ |x|^p)^(1/p) (ONNX LpPool; padding contributes 0).</summary>
    Lp,
    /// <summary>sqrt(Σ x² / taps inside the input) (TFLite L2_POOL_2D).</summary>
    L2Mean,
}

/// <summary>
/// Everything a pooling op needs besides the data, computed once at bind time.
/// </summary>
/// <param name="Batch">Batch size.</param>
/// <param name="Channels">Channels.</param>
/// <param name="Axes">Tap tables of the depth, height and width axes.</param>
/// <param name="Input">Input strides.</param>
/// <param name="Output">Output strides.</param>
/// <param name="Kind">The reduction.</param>
/// <param name="P">The exponent of <see cref="PoolKind.Lp"/>.</param>
public sealed record PoolingGeometry(int Batch, int Channels, AxisTaps[] Axes, ActivationStrides Input, ActivationStrides Output, PoolKind Kind, float P = 2f);

/// <summary>The float reference pooling (max, average, Lp, L2) over 1 to 3 spatial axes, any layout.</summary>
public static class PoolingReference
{
    /// <summary>Runs the pooling.</summary>
    /// <param name="g">The geometry.</param>
    /// <param name="input">Input elements.</param>
    /// <param name="output">Output elements.</param>
    /// <param name="indices">For <see cref="PoolKind.Max"/>: receives the input offset of each maximum
    /// (the first one, in tap order) — for a dense NCHW input that is ONNX MaxPool's flattened index;
    /// empty for none.</param>
    /// <param name="activation">Activation applied to each output (TFLite; None for ONNX).</param>
    public static void Run(PoolingGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices, FusedActivation activation)
    {
        ArgumentNullException.ThrowIfNull(g);
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var ys = g.Output;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int c = 0; c < g.Channels; c++)
            {
                int inputBase = n * g.Input.Batch + c * g.Input.Channel;
                for (int od = 0; od < td.OutputSize; od++)
                {
                    for (int oh = 0; oh < th.OutputSize; oh++)
                    {
                        for (int ow = 0; ow < tw.OutputSize; ow++)
                        {
                            var (acc, count, argmax) = Reduce(g, input, inputBase, od, oh, ow);
                            float result = g.Kind switch
                            {
                                PoolKind.AverageExcludingPadding => acc / count,
                                PoolKind.AverageIncludingPadding => acc / (td.PaddedCounts[od] * th.PaddedCounts[oh] * tw.PaddedCounts[ow]),
                                PoolKind.Lp => MathF.Pow(acc, 1f / g.P),
                                PoolKind.L2Mean => MathF.Sqrt(acc / count),
                                _ => acc,
                            };
                            int y = n * ys.Batch + c * ys.Channel + od * ys.Depth + oh * ys.Height + ow * ys.Width;
                            output[y] = activation.Apply(result);
                            if (!indices.IsEmpty) indices[y] = argmax;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Reduces one window: the max (with the offset of its first occurrence) or the sum
    /// the kind needs, and the number of taps inside the input.</summary>
    private static (float Value, int Count, int ArgMax) Reduce(PoolingGeometry g, ReadOnlySpan<float> input, int inputBase, int od, int oh, int ow)
    {
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var xs = g.Input;
        // Max starts below every float (as ONNX Runtime does); sums start at 0.
        float acc = g.Kind == PoolKind.Max ? float.MinValue : 0f;
        int argmax = -1, count = 0;
        for (int kd = 0; kd < td.KernelSize; kd++)
        {
            int id = td.Positions[od * td.KernelSize + kd];
            if (id < 0) continue;
            for (int kh = 0; kh < th.KernelSize; kh++)
            {
                int ih = th.Positions[oh * th.KernelSize + kh];
                if (ih < 0) continue;
                for (int kw = 0; kw < tw.KernelSize; kw++)
                {
                    int iw = tw.Positions[ow * tw.KernelSize + kw];
                    if (iw < 0) continue;
                    int offset = inputBase + id * xs.Depth + ih * xs.Height + iw * xs.Width;
                    float v = input[offset];
                    count++;
                    switch (g.Kind)
                    {
                        case PoolKind.Max:
                            if (v > acc || argmax < 0) (acc, argmax) = (v, offset);
                            break;
                        case PoolKind.Lp:
                            acc += MathF.Pow(MathF.Abs(v), g.P);
                            break;
                        case PoolKind.L2Mean:
                            acc += v * v;
                            break;
                        default:
                            acc += v;
                            break;
                    }
                }
            }
        }
        return (acc, count, argmax);
    }

    /// <summary>
    /// Max pooling of an integer tensor (ONNX MaxPool on uint8/int8 moves data only: no
    /// quantization parameters are involved). Same geometry and index rule as <see cref="Run"/>.
    /// </summary>
    public static void Max<T>(PoolingGeometry g, ReadOnlySpan<T> input, Span<T> output, Span<long> indices)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(g);
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var (xs, ys) = (g.Input, g.Output);
        for (int n = 0; n < g.Batch; n++)
        {
            for (int c = 0; c < g.Channels; c++)
            {
                for (int o = 0; o < td.OutputSize * th.OutputSize * tw.OutputSize; o++)
                {
                    int od = o / (th.OutputSize * tw.OutputSize), oh = o / tw.OutputSize % th.OutputSize, ow = o % tw.OutputSize;
                    T best = T.MinValue;
                    int argmax = -1;
                    for (int k = 0; k < td.KernelSize * th.KernelSize * tw.KernelSize; k++)
                    {
                        int kd = k / (th.KernelSize * tw.KernelSize), kh = k / tw.KernelSize % th.KernelSize, kw = k % tw.KernelSize;
                        int id = td.Positions[od * td.KernelSize + kd], ih = th.Positions[oh * th.KernelSize + kh], iw = tw.Positions[ow * tw.KernelSize + kw];
                        if (id < 0 || ih < 0 || iw < 0) continue;
                        int offset = n * xs.Batch + c * xs.Channel + id * xs.Depth + ih * xs.Height + iw * xs.Width;
                        if (argmax < 0 || input[offset] > best) (best, argmax) = (input[offset], offset);
                    }
                    int y = n * ys.Batch + c * ys.Channel + od * ys.Depth + oh * ys.Height + ow * ys.Width;
                    output[y] = best;
                    if (!indices.IsEmpty) indices[y] = argmax;
                }
            }
        }
    }
}
