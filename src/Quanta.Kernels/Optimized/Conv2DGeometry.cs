using Quanta.Core;

namespace Quanta.Kernels;

/// <summary>
/// The shape of a 2-D NHWC window op, computed once when a kernel is bound: batch, channels and
/// the two spatial axes (<see cref="WindowAxis"/>: sizes, kernel, stride, dilation, begin padding).
/// Input [Batch, Height.InputSize, Width.InputSize, InputChannels] → output
/// [Batch, Height.OutputSize, Width.OutputSize, OutputChannels].
/// </summary>
/// <param name="Batch">Images.</param>
/// <param name="InputChannels">Input channels (C).</param>
/// <param name="OutputChannels">Output channels (convolution: filters; depthwise: C·multiplier; pooling: C).</param>
/// <param name="Height">The vertical axis.</param>
/// <param name="Width">The horizontal axis.</param>
public sealed record Conv2DGeometry(int Batch, int InputChannels, int OutputChannels, WindowAxis Height, WindowAxis Width)
{
    /// <summary>Taps of the window: KH·KW.</summary>
    public int Taps => Height.KernelSize * Width.KernelSize;

    /// <summary>Output pixels of all images: N·OH·OW.</summary>
    public int OutputPixels => checked(Batch * Height.OutputSize * Width.OutputSize);

    /// <summary>Input elements.</summary>
    public long InputElements => (long)Batch * Height.InputSize * Width.InputSize * InputChannels;

    /// <summary>Output elements.</summary>
    public long OutputElements => (long)OutputPixels * OutputChannels;

    /// <summary>True for a 1×1 window with stride 1 and no padding: the input pixels are the rows of a GEMM.</summary>
    public bool IsPointwise => Taps == 1 && Height.Stride == 1 && Width.Stride == 1 && Height.PadBegin == 0 && Width.PadBegin == 0
        && Height.OutputSize == Height.InputSize && Width.OutputSize == Width.InputSize;

    /// <summary>Element offset of input pixel (n, ih, iw) for tap t of output pixel m, or −1 in the padding.</summary>
    public long InputOffset(int m, int tap)
    {
        int ow = m % Width.OutputSize, rest = m / Width.OutputSize;
        int oh = rest % Height.OutputSize, n = rest / Height.OutputSize;
        int ih = Height.ForwardInputPosition(oh, tap / Width.KernelSize);
        int iw = Width.ForwardInputPosition(ow, tap % Width.KernelSize);
        if (ih < 0 || ih >= Height.InputSize || iw < 0 || iw >= Width.InputSize) return -1;
        return (((long)n * Height.InputSize + ih) * Width.InputSize + iw) * InputChannels;
    }
}
