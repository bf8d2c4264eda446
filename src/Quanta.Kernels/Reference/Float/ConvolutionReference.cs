namespace Quanta.Kernels;

/// <summary>
/// Element strides of convolution weights seen as [group, output channel within the group, input
/// channel within the group, kd, kh, kw], so that one routine reads ONNX Conv weights
/// [M, C/g, k…], ONNX ConvTranspose weights [C, M/g, k…], TFLite OHWI and TFLite depthwise
/// [1, KH, KW, C·M] in place.
/// </summary>
/// <param name="Group">Stride between groups.</param>
/// <param name="Output">Stride between output channels of a group.</param>
/// <param name="Input">Stride between input channels of a group.</param>
/// <param name="Depth">Stride of the kernel's depth axis.</param>
/// <param name="Height">Stride of the kernel's height axis.</param>
/// <param name="Width">Stride of the kernel's width axis.</param>
public readonly record struct FilterStrides(int Group, int Output, int Input, int Depth, int Height, int Width)
{
    /// <summary>ONNX Conv weights [M, C/g, k1…kn] (n = 1 to 3).</summary>
    public static FilterStrides OnnxConv(ReadOnlySpan<int> dims, int groups)
    {
        var (d, h, w, kernel) = SpatialStrides(dims[2..]);
        int perGroupOut = dims[0] / groups;
        return new FilterStrides(checked(perGroupOut * dims[1] * kernel), dims[1] * kernel, kernel, d, h, w);
    }

    /// <summary>ONNX ConvTranspose weights [C, M/g, k1…kn]: input channel first.</summary>
    public static FilterStrides OnnxConvTranspose(ReadOnlySpan<int> dims, int groups)
    {
        var (d, h, w, kernel) = SpatialStrides(dims[2..]);
        int perGroupIn = dims[0] / groups;
        return new FilterStrides(checked(perGroupIn * dims[1] * kernel), kernel, dims[1] * kernel, d, h, w);
    }

    /// <summary>TFLite OHWI weights [O, KH, KW, I] (CONV_2D, TRANSPOSE_CONV), split into <paramref name="groups"/>.</summary>
    public static FilterStrides Ohwi(ReadOnlySpan<int> dims, int groups)
    {
        int perOutput = checked(dims[1] * dims[2] * dims[3]);
        return new FilterStrides(dims[0] / groups * perOutput, perOutput, 1, 0, dims[2] * dims[3], dims[3]);
    }

    /// <summary>TFLite depthwise weights [1, KH, KW, C·M]: group = input channel, M outputs per group.</summary>
    public static FilterStrides Depthwise(ReadOnlySpan<int> dims, int depthMultiplier) =>
        new(depthMultiplier, 1, 0, 0, checked(dims[2] * dims[3]), dims[3]);

    private static (int D, int H, int W, int Kernel) SpatialStrides(ReadOnlySpan<int> kernel)
    {
        var s = new int[3];
        int stride = 1;
        for (int i = kernel.Length - 1; i >= 0; i--)
        {
            s[i + 3 - kernel.Length] = stride;
            stride = checked(stride * kernel[i]);
        }
        return (s[0], s[1], s[2], stride);
    }
}

/// <summary>
/// Everything a convolution needs besides the data, computed once at bind time: channel grouping,
/// per-axis tap tables (forward or transposed, see <see cref="AxisTaps"/>) and the strides of
/// input, output and weights.
/// </summary>
/// <param name="Batch">Batch size.</param>
/// <param name="Groups">Number of groups (depthwise: the input channels).</param>
/// <param name="InputChannelsPerGroup">Input channels per group.</param>
/// <param name="OutputChannelsPerGroup">Output channels per group (depthwise: the multiplier).</param>
/// <param name="Axes">Tap tables of the depth, height and width axes (see <see cref="AxisTaps.ToThreeAxes"/>).</param>
/// <param name="Input">Input strides.</param>
/// <param name="Output">Output strides.</param>
/// <param name="Filter">Weight strides.</param>
public sealed record ConvolutionGeometry(int Batch, int Groups, int InputChannelsPerGroup, int OutputChannelsPerGroup,
    AxisTaps[] Axes, ActivationStrides Input, ActivationStrides Output, FilterStrides Filter);

/// <summary>
/// The float reference convolution (the executable spec): every output is
/// <c>act(bias[oc] + Σ_ci Σ_taps x[n, g·Cg + ci, p(o, k)] · w[g, m, ci, k])</c> with output channel
/// <c>oc = g·Mg + m</c>, summed in float in the order ci, kd, kh, kw, skipping taps in padding.
/// Forward and transposed convolutions differ only in their tap tables.
/// </summary>
public static class ConvolutionReference
{
    /// <summary>Runs the convolution.</summary>
    /// <param name="g">The geometry.</param>
    /// <param name="input">Input elements.</param>
    /// <param name="filter">Weight elements.</param>
    /// <param name="bias">Bias per output channel, or empty for none.</param>
    /// <param name="output">Output elements (every one is written).</param>
    /// <param name="activation">Activation applied to each output (TFLite's fused activation; None for ONNX).</param>
    public static void Run(ConvolutionGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output, FusedActivation activation)
    {
        ArgumentNullException.ThrowIfNull(g);
        var ys = g.Output;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oc = 0; oc < g.Groups * g.OutputChannelsPerGroup; oc++)
            {
                int grp = oc / g.OutputChannelsPerGroup, m = oc % g.OutputChannelsPerGroup;
                float b = bias.IsEmpty ? 0f : bias[oc];
                int inputBase = n * g.Input.Batch + grp * g.InputChannelsPerGroup * g.Input.Channel;
                int filterBase = grp * g.Filter.Group + m * g.Filter.Output;
                for (int od = 0; od < g.Axes[0].OutputSize; od++)
                {
                    for (int oh = 0; oh < g.Axes[1].OutputSize; oh++)
                    {
                        for (int ow = 0; ow < g.Axes[2].OutputSize; ow++)
                        {
                            float acc = WindowSum(g, input, filter, inputBase, filterBase, od, oh, ow);
                            output[n * ys.Batch + oc * ys.Channel + od * ys.Depth + oh * ys.Height + ow * ys.Width] = activation.Apply(acc + b);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Σ over the group's input channels and the window's taps of input × weight, in float.</summary>
    private static float WindowSum(ConvolutionGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, int inputBase, int filterBase, int od, int oh, int ow)
    {
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var xs = g.Input;
        var fs = g.Filter;
        float acc = 0f;
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
                        acc += input[xc + id * xs.Depth + ih * xs.Height + iw * xs.Width]
                             * filter[fc + kd * fs.Depth + kh * fs.Height + kw * fs.Width];
                    }
                }
            }
        }
        return acc;
    }
}
