namespace Quanta.Kernels;

/// <summary>
/// The geometry of a 2-D window sliding over NHWC tensors: convolution, depthwise convolution,
/// transpose convolution and pooling all index their tensors with these numbers.
/// </summary>
/// <param name="Batches">N.</param>
/// <param name="InputHeight">Input H.</param>
/// <param name="InputWidth">Input W.</param>
/// <param name="InputChannels">Input C.</param>
/// <param name="OutputHeight">Output H.</param>
/// <param name="OutputWidth">Output W.</param>
/// <param name="OutputChannels">Output C.</param>
/// <param name="FilterHeight">Window height.</param>
/// <param name="FilterWidth">Window width.</param>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="DilationHeight">Vertical dilation (1 for none).</param>
/// <param name="DilationWidth">Horizontal dilation (1 for none).</param>
/// <param name="PadTop">Rows of implicit padding before the input (TFLite pads the extra row, if any, at the bottom).</param>
/// <param name="PadLeft">Columns of implicit padding before the input.</param>
public readonly record struct ConvWindow(
    int Batches, int InputHeight, int InputWidth, int InputChannels,
    int OutputHeight, int OutputWidth, int OutputChannels,
    int FilterHeight, int FilterWidth,
    int StrideHeight, int StrideWidth,
    int DilationHeight, int DilationWidth,
    int PadTop, int PadLeft)
{
    /// <summary>Elements of the input tensor.</summary>
    public long InputSize => (long)Batches * InputHeight * InputWidth * InputChannels;

    /// <summary>Elements of the output tensor.</summary>
    public long OutputSize => (long)Batches * OutputHeight * OutputWidth * OutputChannels;

    /// <summary>Offset of element (b, y, x, c) of the input.</summary>
    public int InputOffset(int b, int y, int x, int c) => ((b * InputHeight + y) * InputWidth + x) * InputChannels + c;

    /// <summary>Offset of element (b, y, x, c) of the output.</summary>
    public int OutputOffset(int b, int y, int x, int c) => ((b * OutputHeight + y) * OutputWidth + x) * OutputChannels + c;
}
