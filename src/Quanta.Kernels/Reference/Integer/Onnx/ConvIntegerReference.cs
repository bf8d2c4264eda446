using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// ONNX integer convolution (ConvInteger, and QLinearConv's accumulation), NCHW with OIHW-style
/// weights, groups and 1 to 3 spatial axes described by a <see cref="ConvolutionGeometry"/>:
/// <c>acc[n, m, …] = Σ (x − x_zp) · (w[m] − w_zp[m])</c> in int32.
/// </summary>
/// <remarks>
/// Implicit padding holds the real value 0, i.e. the code <c>x_zp</c>, so padded taps contribute
/// nothing and are skipped (ONNX Runtime pads its im2col buffer with x_zp to the same effect).
/// Each product is at most 255² in magnitude; the sum wraps like C's int32 beyond about 33 000
/// taps, as ORT's does.
/// </remarks>
public static class ConvIntegerReference
{
    /// <summary>Accumulates the zero-point-corrected products into <paramref name="accumulators"/> (NCHW).</summary>
    /// <param name="g">The geometry (filter strides as <see cref="FilterStrides.OnnxConv"/>).</param>
    /// <param name="x">The input codes.</param>
    /// <param name="xZeroPoint">The input zero point.</param>
    /// <param name="w">The weight codes.</param>
    /// <param name="wZeroPoints">One zero point for all output channels, or one per output channel.</param>
    /// <param name="accumulators">The int32 result, one per output element.</param>
    public static void Accumulate<TX, TW>(ConvolutionGeometry g, ReadOnlySpan<TX> x, int xZeroPoint, ReadOnlySpan<TW> w,
        ReadOnlySpan<int> wZeroPoints, Span<int> accumulators)
        where TX : unmanaged, IBinaryInteger<TX>
        where TW : unmanaged, IBinaryInteger<TW>
    {
        ArgumentNullException.ThrowIfNull(g);
        var ys = g.Output;
        int outputChannels = g.Groups * g.OutputChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oc = 0; oc < outputChannels; oc++)
            {
                int grp = oc / g.OutputChannelsPerGroup, m = oc % g.OutputChannelsPerGroup;
                int wZeroPoint = wZeroPoints.Length == 1 ? wZeroPoints[0] : wZeroPoints[oc];
                int inputBase = n * g.Input.Batch + grp * g.InputChannelsPerGroup * g.Input.Channel;
                int filterBase = grp * g.Filter.Group + m * g.Filter.Output;
                for (int od = 0; od < g.Axes[0].OutputSize; od++)
                {
                    for (int oh = 0; oh < g.Axes[1].OutputSize; oh++)
                    {
                        for (int ow = 0; ow < g.Axes[2].OutputSize; ow++)
                        {
                            accumulators[n * ys.Batch + oc * ys.Channel + od * ys.Depth + oh * ys.Height + ow * ys.Width] =
                                WindowSum(g, x, xZeroPoint, w, wZeroPoint, inputBase, filterBase, od, oh, ow);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// QLinearConv's output stage: per output channel m, <c>y = requantize(acc + bias[m], multipliers[m])</c>
    /// (<see cref="FloatRequantization.Apply"/>), over NCHW accumulators.
    /// </summary>
    /// <param name="accumulators">The accumulators of <see cref="Accumulate"/>.</param>
    /// <param name="bias">Empty, or one int32 per output channel (scale x_scale · w_scale[m]).</param>
    /// <param name="multipliers">One multiplier per output channel, or one for all.</param>
    /// <param name="batch">N.</param>
    /// <param name="channels">M.</param>
    /// <param name="zeroPoint">The output zero point.</param>
    /// <param name="min">The smallest output code.</param>
    /// <param name="max">The largest output code.</param>
    /// <param name="y">The output codes.</param>
    public static void Requantize<TY>(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> bias, ReadOnlySpan<float> multipliers,
        int batch, int channels, int zeroPoint, int min, int max, Span<TY> y)
        where TY : unmanaged, IBinaryInteger<TY>
    {
        int plane = batch * channels == 0 ? 0 : accumulators.Length / (batch * channels);
        int i = 0;
        for (int n = 0; n < batch; n++)
        {
            for (int m = 0; m < channels; m++)
            {
                int b = bias.IsEmpty ? 0 : bias[m];
                float multiplier = multipliers.Length == 1 ? multipliers[0] : multipliers[m];
                for (int p = 0; p < plane; p++, i++)
                    y[i] = TY.CreateTruncating(FloatRequantization.Apply(unchecked(accumulators[i] + b), multiplier, zeroPoint, min, max));
            }
        }
    }

    private static int WindowSum<TX, TW>(ConvolutionGeometry g, ReadOnlySpan<TX> x, int xZeroPoint, ReadOnlySpan<TW> w, int wZeroPoint,
        int inputBase, int filterBase, int od, int oh, int ow)
        where TX : unmanaged, IBinaryInteger<TX>
        where TW : unmanaged, IBinaryInteger<TW>
    {
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var xs = g.Input;
        var fs = g.Filter;
        int acc = 0;
        for (int ci = 0; ci < g.InputChannelsPerGroup; ci++)
        {
            int xc = inputBase + ci * xs.Channel;
            int fc = filterBase + ci * fs.Input;
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
                        int xv = int.CreateTruncating(x[xc + id * xs.Depth + ih * xs.Height + iw * xs.Width]) - xZeroPoint;
                        int wv = int.CreateTruncating(w[fc + kd * fs.Depth + kh * fs.Height + kw * fs.Width]) - wZeroPoint;
                        acc = unchecked(acc + xv * wv);
                    }
                }
            }
        }
        return acc;
    }
}
