namespace Quanta.Core;

/// <summary>
/// The window options of TFLite's 2-D ops (Conv2DOptions, DepthwiseConv2DOptions,
/// TransposeConvOptions, Pool2DOptions) as attributes named like the schema fields: <c>padding</c>
/// ("SAME"/"VALID", SAME when absent as in the schema), <c>stride_h</c>/<c>stride_w</c> (1 when
/// absent), <c>dilation_h_factor</c>/<c>dilation_w_factor</c> (1), and for pools
/// <c>filter_height</c>/<c>filter_width</c>. Read once, shared by shape inference and kernels.
/// Quanta's extension <c>padding = "EXPLICIT"</c> takes <c>explicit_padding</c> = [top, bottom,
/// left, right] (what a PAD folded into the window gives; see docs/decisions/0004-nhwc-lowering.md).
/// </summary>
/// <param name="Padding">The padding mode.</param>
/// <param name="StrideH">Vertical stride.</param>
/// <param name="StrideW">Horizontal stride.</param>
/// <param name="DilationH">Vertical dilation.</param>
/// <param name="DilationW">Horizontal dilation.</param>
public sealed record TfliteWindowOptions(TflitePadding Padding, int StrideH, int StrideW, int DilationH, int DilationW)
{
    /// <summary>The attribute holding [top, bottom, left, right] for <see cref="TflitePadding.Explicit"/>.</summary>
    public const string ExplicitPaddingAttribute = "explicit_padding";

    /// <summary>[top, bottom, left, right] paddings when <see cref="Padding"/> is EXPLICIT; else null.</summary>
    public IReadOnlyList<int>? ExplicitPadding { get; init; }

    /// <summary>Reads the options of <paramref name="node"/>.</summary>
    /// <exception cref="GraphValidationException">An unknown padding, or a non-positive stride or dilation.</exception>
    public static TfliteWindowOptions Read(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        TflitePadding padding;
        try { padding = ConvGeometry.ParseTflitePadding(node.Attributes.GetString("padding", "SAME")); }
        catch (GraphValidationException e) { throw Invalid(node, e.Message); }
        return new TfliteWindowOptions(padding,
            Positive(node, "stride_h"), Positive(node, "stride_w"),
            Positive(node, "dilation_h_factor"), Positive(node, "dilation_w_factor"))
        { ExplicitPadding = padding == TflitePadding.Explicit ? ReadExplicit(node) : null };
    }

    private static int[] ReadExplicit(Node node)
    {
        var pads = node.Attributes.GetInts(ExplicitPaddingAttribute);
        if (pads is not { Length: 4 } || Array.Exists(pads, p => p < 0 || p > int.MaxValue))
            throw Invalid(node, $"padding EXPLICIT needs {ExplicitPaddingAttribute} = [top, bottom, left, right], non-negative");
        return Array.ConvertAll(pads, p => (int)p);
    }

    /// <summary>Reads a pool's filter size (filter_height, filter_width; required, positive).</summary>
    /// <exception cref="GraphValidationException">Absent or not positive.</exception>
    public static (int Height, int Width) ReadFilter(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        long h = node.Attributes.GetInt("filter_height", 0), w = node.Attributes.GetInt("filter_width", 0);
        if (h < 1 || w < 1 || h > int.MaxValue || w > int.MaxValue)
            throw Invalid(node, $"filter_height {h} and filter_width {w} must be positive");
        return ((int)h, (int)w);
    }

    /// <summary>The vertical axis geometry for input height <paramref name="height"/> and kernel height <paramref name="kernel"/>.</summary>
    /// <exception cref="GraphValidationException">The kernel does not fit (VALID).</exception>
    public WindowAxis Vertical(Node node, int height, int kernel) => Axis(node, "height", height, kernel, StrideH, DilationH, 0);

    /// <summary>The horizontal axis geometry for input width <paramref name="width"/> and kernel width <paramref name="kernel"/>.</summary>
    /// <exception cref="GraphValidationException">The kernel does not fit (VALID).</exception>
    public WindowAxis Horizontal(Node node, int width, int kernel) => Axis(node, "width", width, kernel, StrideW, DilationW, 2);

    private WindowAxis Axis(Node node, string name, int size, int kernel, int stride, int dilation, int padIndex)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            return ExplicitPadding is { } pads
                ? ConvGeometry.Explicit(size, kernel, stride, dilation, pads[padIndex], pads[padIndex + 1])
                : ConvGeometry.Tflite(size, kernel, stride, dilation, Padding);
        }
        catch (GraphValidationException e) { throw Invalid(node, $"{name}: {e.Message}"); }
    }

    private static int Positive(Node node, string name)
    {
        long v = node.Attributes.GetInt(name, 1);
        if (v < 1 || v > int.MaxValue) throw Invalid(node, $"{name} = {v} must be positive");
        return (int)v;
    }

    private static GraphValidationException Invalid(Node node, string message) => new($"{node.OpType} '{node.Name}': {message}");
}
