using Quanta.Core;

namespace Quanta.Kernels;

/// <summary>
/// Element strides of an activation tensor seen as [batch, channel, depth, height, width], so that
/// one routine serves NCHW (ONNX) and NHWC (TFLite) layouts and 1-, 2- and 3-D spatial ranks
/// (missing leading spatial axes have size 1 and stride 0).
/// </summary>
/// <param name="Batch">Stride of the batch axis.</param>
/// <param name="Channel">Stride of the channel axis.</param>
/// <param name="Depth">Stride of the depth axis.</param>
/// <param name="Height">Stride of the height axis.</param>
/// <param name="Width">Stride of the width axis.</param>
public readonly record struct ActivationStrides(int Batch, int Channel, int Depth, int Height, int Width)
{
    /// <summary>Strides of a dense NCHW-style tensor with dims [N, C, spatial…] (1 to 3 spatial axes).</summary>
    /// <exception cref="ArgumentException">Fewer than 1 or more than 3 spatial axes.</exception>
    public static ActivationStrides ChannelsFirst(ReadOnlySpan<int> dims)
    {
        int spatial = dims.Length - 2;
        if (spatial is < 1 or > 3) throw new ArgumentException($"{dims.Length - 2} spatial axes; 1 to 3 are supported", nameof(dims));
        var s = new int[5];
        int stride = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            // Right-align the spatial axes into (depth, height, width).
            int slot = i < 2 ? i : i + (5 - dims.Length);
            s[slot] = stride;
            stride = checked(stride * dims[i]);
        }
        return new ActivationStrides(s[0], s[1], s[2], s[3], s[4]);
    }

    /// <summary>Strides of a dense NHWC tensor [N, H, W, C].</summary>
    public static ActivationStrides ChannelsLast(int height, int width, int channels) =>
        new(checked(height * width * channels), 1, 0, width * channels, channels);
}

/// <summary>
/// Per-axis lookup table of a sliding window, built once when a kernel is bound: for output
/// position <c>o</c> and kernel tap <c>k</c>, the input position the tap reads, or −1 when it
/// falls into padding (or, for a transposed convolution, when no input maps there).
/// </summary>
public sealed class AxisTaps
{
    private AxisTaps(int outputSize, int kernelSize, int[] positions, int[] paddedCounts)
    {
        OutputSize = outputSize;
        KernelSize = kernelSize;
        Positions = positions;
        PaddedCounts = paddedCounts;
    }

    /// <summary>A size-1 axis with a single tap (the unused leading axes of 1-D and 2-D ops).</summary>
    public static AxisTaps Unit { get; } = new(1, 1, [0], [1]);

    /// <summary>Output size along the axis.</summary>
    public int OutputSize { get; }

    /// <summary>Kernel taps along the axis.</summary>
    public int KernelSize { get; }

    /// <summary>Input position per (output, tap), at <c>o·KernelSize + k</c>; −1 for none.</summary>
    public int[] Positions { get; }

    /// <summary>Per output position: taps inside <c>[−PadBegin, InputSize + PadEnd)</c>, the divisor
    /// of an average that counts padding (ONNX count_include_pad=1; windows that ceil mode extends
    /// past the end padding do not count the excess).</summary>
    public int[] PaddedCounts { get; }

    /// <summary>Taps of a forward window (convolution, pooling): <c>p = o·s − pb + k·d</c>.</summary>
    public static AxisTaps Forward(WindowAxis axis)
    {
        var positions = new int[checked(axis.OutputSize * axis.KernelSize)];
        var padded = new int[axis.OutputSize];
        for (int o = 0; o < axis.OutputSize; o++)
        {
            for (int k = 0; k < axis.KernelSize; k++)
            {
                int p = axis.ForwardInputPosition(o, k);
                positions[o * axis.KernelSize + k] = p >= 0 && p < axis.InputSize ? p : -1;
                if (p >= -axis.PadBegin && p < axis.InputSize + axis.PadEnd) padded[o]++;
            }
        }
        return new AxisTaps(axis.OutputSize, axis.KernelSize, positions, padded);
    }

    /// <summary>Taps of a transposed convolution seen from its output: input <c>i</c> reaches output
    /// <c>o = i·s − pb + k·d</c>, so tap <c>k</c> of output <c>o</c> reads <c>i = (o + pb − k·d) / s</c>
    /// when that division is exact and <c>i</c> is inside the input.</summary>
    public static AxisTaps Transposed(WindowAxis axis)
    {
        var positions = new int[checked(axis.OutputSize * axis.KernelSize)];
        for (int o = 0; o < axis.OutputSize; o++)
        {
            for (int k = 0; k < axis.KernelSize; k++)
            {
                int t = o + axis.PadBegin - k * axis.Dilation;
                bool hit = t >= 0 && t % axis.Stride == 0 && t / axis.Stride < axis.InputSize;
                positions[o * axis.KernelSize + k] = hit ? t / axis.Stride : -1;
            }
        }
        return new AxisTaps(axis.OutputSize, axis.KernelSize, positions, new int[axis.OutputSize]);
    }

    /// <summary>Right-aligns 1 to 3 spatial axes into (depth, height, width), padding with <see cref="Unit"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 1 or more than 3 axes.</exception>
    public static AxisTaps[] ToThreeAxes(IReadOnlyList<AxisTaps> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count is < 1 or > 3) throw new ArgumentException($"{axes.Count} spatial axes; 1 to 3 are supported", nameof(axes));
        var result = new AxisTaps[3];
        for (int i = 0; i < 3; i++)
        {
            int j = i - (3 - axes.Count);
            result[i] = j >= 0 ? axes[j] : Unit;
        }
        return result;
    }
}
