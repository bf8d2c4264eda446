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

/// <summary>TFLite's padding schemes (the schema's Padding enum).</summary>
public enum TflitePaddingType
{
    /// <summary>Output size ⌈in / stride⌉, padding split with the extra unit after.</summary>
    Same,
    /// <summary>No padding: output size ⌊(in − effective filter) / stride⌋ + 1.</summary>
    Valid,
}

/// <summary>
/// TFLite's window arithmetic (tensorflow/lite/kernels/padding.h: ComputeOutSize,
/// ComputePaddingWithOffset, ComputePaddingHeightWidth).
/// </summary>
/// <remarks>Kept here until the shared <c>ConvGeometry</c> of Quanta.Core lands; both must agree.</remarks>
public static class TfliteWindow
{
    /// <summary>Parses the schema enum name ("SAME", "VALID").</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static TflitePaddingType Parse(string name) => name switch
    {
        "SAME" => TflitePaddingType.Same,
        "VALID" => TflitePaddingType.Valid,
        _ => throw new ArgumentException($"unknown padding '{name}' (expected SAME or VALID)", nameof(name)),
    };

    /// <summary>TFLite's ComputeOutSize: the output extent of a window over <paramref name="inSize"/> (0 for stride 0).</summary>
    public static int OutputSize(TflitePaddingType padding, int inSize, int filterSize, int stride, int dilation = 1)
    {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        if (stride == 0) return 0;
        return padding == TflitePaddingType.Same
            ? (inSize + stride - 1) / stride
            : (inSize + stride - effectiveFilter) / stride;
    }

    /// <summary>
    /// TFLite's ComputePaddingWithOffset: the padding before the input (total padding / 2, the odd
    /// unit going after), never negative.
    /// </summary>
    public static int PaddingBefore(int stride, int dilation, int inSize, int filterSize, int outSize)
    {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        int total = (outSize - 1) * stride + effectiveFilter - inSize;
        return Math.Max(total, 0) / 2;
    }

    /// <summary>
    /// TFLite's ComputePaddingHeightWidth for one axis: the output size the scheme gives and the
    /// padding before. For TRANSPOSE_CONV TFLite calls it with the <em>output</em> size as
    /// <paramref name="inSize"/> (the convolution being transposed).
    /// </summary>
    public static (int OutSize, int PadBefore) Compute(TflitePaddingType padding, int inSize, int filterSize, int stride, int dilation = 1)
    {
        int outSize = OutputSize(padding, inSize, filterSize, stride, dilation);
        return (outSize, PaddingBefore(stride, dilation, inSize, filterSize, outSize));
    }
}
