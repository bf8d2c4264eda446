namespace Quanta.Core;

/// <summary>ONNX's <c>auto_pad</c> attribute of Conv, ConvTranspose and the pooling ops.</summary>
public enum AutoPad
{
    /// <summary><c>NOTSET</c>: the explicit <c>pads</c> attribute is used.</summary>
    NotSet,
    /// <summary><c>SAME_UPPER</c>: output = ceil(input / stride); an odd total padding puts the extra pixel at the end.</summary>
    SameUpper,
    /// <summary><c>SAME_LOWER</c>: output = ceil(input / stride); an odd total padding puts the extra pixel at the beginning.</summary>
    SameLower,
    /// <summary><c>VALID</c>: no padding.</summary>
    Valid,
}

/// <summary>TFLite's <c>Padding</c> enum (schema.fbs): <c>SAME</c> (the schema default) or <c>VALID</c>.</summary>
public enum TflitePadding
{
    /// <summary><c>SAME</c>: output = ceil(input / stride), padding split with the extra pixel at the end.</summary>
    Same,
    /// <summary><c>VALID</c>: no padding; output = floor((input − effective kernel) / stride) + 1.</summary>
    Valid,
    /// <summary><c>EXPLICIT</c> (a Quanta extension, not in TFLite's schema): begin and end paddings
    /// given by the <c>explicit_padding</c> attribute; taps in the padding are skipped, as SAME's are
    /// (a convolution sees zeros, MAX_POOL_2D ignores them, AVERAGE_POOL_2D does not count them).
    /// The runtime folds a float PAD into a following window op this way; TFLite export must split
    /// it again (see docs/decisions/0004-nhwc-lowering.md). TRANSPOSE_CONV rejects it.</summary>
    Explicit,
}

/// <summary>
/// The geometry of one spatial axis of a sliding-window op: convolution, pooling or transposed
/// convolution, in ONNX or TFLite, float or integer. Every such op maps an output position
/// <c>o</c> and a kernel tap <c>k</c> to an input position through
/// <c>o·Stride − PadBegin + k·Dilation</c> (forward ops: that is the input position read;
/// transposed convolution: input position <c>i</c> writes output position
/// <c>i·Stride − PadBegin + k·Dilation</c>). Positions outside <c>[0, size)</c> are padding.
/// </summary>
/// <param name="InputSize">Size of the axis in the op's data input.</param>
/// <param name="OutputSize">Size of the axis in the output.</param>
/// <param name="KernelSize">Number of kernel taps along the axis.</param>
/// <param name="Stride">Step between windows (forward) or between scattered inputs (transposed), ≥ 1.</param>
/// <param name="Dilation">Step between kernel taps, ≥ 1.</param>
/// <param name="PadBegin">Padding before the first element (may be negative for a transposed
/// convolution whose explicit output shape is larger than its natural size).</param>
/// <param name="PadEnd">Padding after the last element, as the op's attributes define it (informative:
/// the output size already accounts for it; a forward window past it, as ceil-mode pooling makes,
/// reads nothing there).</param>
public readonly record struct WindowAxis(int InputSize, int OutputSize, int KernelSize, int Stride, int Dilation, int PadBegin, int PadEnd)
{
    /// <summary>Extent of the dilated kernel: (KernelSize − 1)·Dilation + 1.</summary>
    public int EffectiveKernelSize => ConvGeometry.EffectiveKernelSize(KernelSize, Dilation);

    /// <summary>The input position a forward window at output <paramref name="output"/> reads with
    /// tap <paramref name="tap"/> (outside [0, InputSize) when it falls into padding).</summary>
    public int ForwardInputPosition(int output, int tap) => output * Stride - PadBegin + tap * Dilation;
}

/// <summary>
/// Output sizes and paddings of sliding-window ops, in exactly one place: ONNX shape inference,
/// the float reference kernels and the integer (TFLite-exact) kernels all call these functions, so
/// that every layer agrees on the geometry.
/// </summary>
/// <remarks>
/// <para><b>ONNX</b> (Conv, pooling; opset 17 with the opset-19 clarification of ceil mode):
/// explicit pads give <c>out = floor_or_ceil((in + pb + pe − ek) / s) + 1</c> with
/// <c>ek = (k − 1)·d + 1</c>; in ceil mode a last window that would start past
/// <c>in + pb</c> (entirely in the end padding) is dropped, as PyTorch and ONNX Runtime do.
/// <c>SAME_*</c>: <c>out = ceil(in / s)</c>, total padding <c>max(0, (out − 1)·s + ek − in)</c>,
/// split evenly with the odd pixel at the end (UPPER) or the beginning (LOWER). <c>VALID</c>:
/// <c>out = floor((in − ek) / s) + 1</c> with no padding.</para>
/// <para><b>TFLite</b> (tensorflow/lite/kernels/padding.h, <c>ComputePaddingHeightWidth</c>):
/// SAME gives <c>out = ceil(in / s)</c>, VALID <c>out = floor((in − ek) / s) + 1</c>; then
/// <c>total = max(0, (out − 1)·s + ek − in)</c> and the kernels use <c>PadBegin = total / 2</c>
/// (the odd pixel, TFLite's "offset", falls at the end). Pooling uses the same with dilation 1.</para>
/// <para><b>Transposed convolution.</b> ONNX: <c>out = s·(in − 1) + output_padding + ek − pb − pe</c>,
/// or the <c>output_shape</c> attribute with <c>total = max(0, s·(in − 1) + output_padding + ek − out)</c>
/// split as the ONNX spec says (SAME_UPPER: extra at the end; otherwise at the beginning);
/// SAME_* without output_shape targets <c>out = in·s</c>. TFLite TRANSPOSE_CONV takes the output
/// size from its output_shape tensor and computes the padding as a forward convolution from the
/// output to the input would (<c>ComputePaddingHeightWidth</c> with the output size as "input").</para>
/// </remarks>
public static class ConvGeometry
{
    /// <summary>Extent of a dilated kernel: (kernel − 1)·dilation + 1.</summary>
    public static int EffectiveKernelSize(int kernel, int dilation) => checked((kernel - 1) * dilation + 1);

    /// <summary>Parses ONNX's <c>auto_pad</c> string (absent or empty means NOTSET).</summary>
    /// <exception cref="GraphValidationException">Another value.</exception>
    public static AutoPad ParseAutoPad(string value) => value switch
    {
        "" or "NOTSET" => AutoPad.NotSet,
        "SAME_UPPER" => AutoPad.SameUpper,
        "SAME_LOWER" => AutoPad.SameLower,
        "VALID" => AutoPad.Valid,
        _ => throw new GraphValidationException($"auto_pad '{value}' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID"),
    };

    /// <summary>Parses TFLite's padding enum name.</summary>
    /// <exception cref="GraphValidationException">Another value.</exception>
    public static TflitePadding ParseTflitePadding(string value) => value switch
    {
        "SAME" => TflitePadding.Same,
        "VALID" => TflitePadding.Valid,
        "EXPLICIT" => TflitePadding.Explicit,
        _ => throw new GraphValidationException($"padding '{value}' is not SAME, VALID or EXPLICIT"),
    };

    /// <summary>One axis of an ONNX Conv or pooling op.</summary>
    /// <param name="input">Input size along the axis.</param>
    /// <param name="kernel">Kernel size.</param>
    /// <param name="stride">Stride (≥ 1).</param>
    /// <param name="dilation">Dilation (≥ 1).</param>
    /// <param name="autoPad">The auto_pad mode.</param>
    /// <param name="padBegin">Explicit begin padding (used with <see cref="AutoPad.NotSet"/> only).</param>
    /// <param name="padEnd">Explicit end padding (used with <see cref="AutoPad.NotSet"/> only).</param>
    /// <param name="ceilMode">Pooling's ceil_mode (Conv passes false).</param>
    /// <exception cref="GraphValidationException">Non-positive stride, dilation or kernel, negative
    /// padding, or a window larger than the padded input.</exception>
    public static WindowAxis Onnx(int input, int kernel, int stride, int dilation, AutoPad autoPad, int padBegin, int padEnd, bool ceilMode = false)
    {
        CheckWindow(kernel, stride, dilation);
        int ek = EffectiveKernelSize(kernel, dilation);
        switch (autoPad)
        {
            case AutoPad.SameUpper:
            case AutoPad.SameLower:
                {
                    int output = CeilDiv(input, stride);
                    int total = Math.Max(0, (output - 1) * stride + ek - input);
                    int small = total / 2;
                    int begin = autoPad == AutoPad.SameUpper ? small : total - small;
                    return new WindowAxis(input, output, kernel, stride, dilation, begin, total - begin);
                }
            case AutoPad.Valid:
                return Explicit(input, kernel, stride, dilation, 0, 0, ceilMode);
            default:
                return Explicit(input, kernel, stride, dilation, padBegin, padEnd, ceilMode);
        }
    }

    /// <summary>One axis with explicit paddings: <c>out = floor_or_ceil((in + pb + pe − ek) / s) + 1</c>,
    /// dropping in ceil mode a last window that would start inside the end padding.</summary>
    /// <exception cref="GraphValidationException">Invalid window or padding, or no output.</exception>
    public static WindowAxis Explicit(int input, int kernel, int stride, int dilation, int padBegin, int padEnd, bool ceilMode = false)
    {
        CheckWindow(kernel, stride, dilation);
        if (padBegin < 0 || padEnd < 0)
            throw new GraphValidationException($"pads ({padBegin}, {padEnd}) must not be negative");
        int ek = EffectiveKernelSize(kernel, dilation);
        int span = input + padBegin + padEnd - ek;
        if (span < 0)
            throw new GraphValidationException($"the window (kernel {kernel}, dilation {dilation}) is larger than the padded input ({input} + {padBegin} + {padEnd})");
        int output = (ceilMode ? CeilDiv(span, stride) : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padBegin) output--;
        return new WindowAxis(input, output, kernel, stride, dilation, padBegin, padEnd);
    }

    /// <summary>TFLite's output size (<c>ComputeOutSize</c>): SAME → ceil(in / s); VALID → floor((in − ek) / s) + 1.</summary>
    /// <exception cref="GraphValidationException">Invalid window, or EXPLICIT padding (whose size needs the pads).</exception>
    public static int TfliteOutputSize(TflitePadding padding, int input, int kernel, int stride, int dilation = 1)
    {
        CheckWindow(kernel, stride, dilation);
        if (padding == TflitePadding.Explicit) throw new GraphValidationException("EXPLICIT padding needs its explicit_padding values here");
        int ek = EffectiveKernelSize(kernel, dilation);
        return padding == TflitePadding.Same ? CeilDiv(input, stride) : (input + stride - ek) / stride;
    }

    /// <summary>One axis of a TFLite CONV_2D, DEPTHWISE_CONV_2D or pool (dilation 1), as
    /// <c>ComputePaddingHeightWidth</c> computes it.</summary>
    /// <exception cref="GraphValidationException">Invalid window, or (VALID) a kernel larger than the input.</exception>
    public static WindowAxis Tflite(int input, int kernel, int stride, int dilation, TflitePadding padding)
    {
        int output = TfliteOutputSize(padding, input, kernel, stride, dilation);
        if (output <= 0)
            throw new GraphValidationException($"VALID padding with kernel {kernel} (dilation {dilation}) larger than the input ({input})");
        var (begin, end) = TflitePaddingWithOffset(input, output, kernel, stride, dilation);
        return new WindowAxis(input, output, kernel, stride, dilation, begin, end);
    }

    /// <summary>One axis of an ONNX ConvTranspose.</summary>
    /// <param name="input">Input size along the axis.</param>
    /// <param name="kernel">Kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="dilation">Dilation.</param>
    /// <param name="outputPadding">output_padding for the axis (extra elements at the end).</param>
    /// <param name="autoPad">auto_pad.</param>
    /// <param name="padBegin">Explicit begin padding.</param>
    /// <param name="padEnd">Explicit end padding.</param>
    /// <param name="outputSize">The output_shape attribute's entry for the axis, or null.</param>
    /// <exception cref="GraphValidationException">Invalid window, negative padding or no output.</exception>
    public static WindowAxis OnnxTransposed(int input, int kernel, int stride, int dilation, int outputPadding, AutoPad autoPad, int padBegin, int padEnd, int? outputSize)
    {
        CheckWindow(kernel, stride, dilation);
        if (outputPadding < 0) throw new GraphValidationException($"output_padding {outputPadding} must not be negative");
        int natural = checked(stride * (input - 1) + outputPadding + EffectiveKernelSize(kernel, dilation));
        int? target = outputSize ?? (autoPad is AutoPad.SameUpper or AutoPad.SameLower ? checked(input * stride) : null);
        if (target is int output)
        {
            if (output <= 0) throw new GraphValidationException($"output size {output} must be positive");
            int total = Math.Max(0, natural - output);
            int begin = autoPad == AutoPad.SameUpper ? total / 2 : total - total / 2;
            return new WindowAxis(input, output, kernel, stride, dilation, begin, total - begin);
        }
        if (autoPad == AutoPad.Valid) padBegin = padEnd = 0;
        if (padBegin < 0 || padEnd < 0)
            throw new GraphValidationException($"pads ({padBegin}, {padEnd}) must not be negative");
        int size = natural - padBegin - padEnd;
        if (size <= 0) throw new GraphValidationException($"pads ({padBegin}, {padEnd}) leave no output (natural size {natural})");
        return new WindowAxis(input, size, kernel, stride, dilation, padBegin, padEnd);
    }

    /// <summary>One axis of a TFLite TRANSPOSE_CONV whose output size comes from its output_shape tensor.</summary>
    /// <exception cref="GraphValidationException">Invalid window or output size.</exception>
    public static WindowAxis TfliteTransposed(int input, int output, int kernel, int stride, TflitePadding padding)
    {
        if (output <= 0) throw new GraphValidationException($"output size {output} must be positive");
        // TFLite runs ComputePaddingHeightWidth with the output as the "input" of a forward conv.
        int forwardOut = TfliteOutputSize(padding, output, kernel, stride);
        var (begin, end) = TflitePaddingWithOffset(output, forwardOut, kernel, stride, 1);
        return new WindowAxis(input, output, kernel, stride, 1, begin, end);
    }

    /// <summary>TFLite's <c>ComputePaddingWithOffset</c>: begin = total / 2, end = total − begin.</summary>
    private static (int Begin, int End) TflitePaddingWithOffset(int input, int output, int kernel, int stride, int dilation)
    {
        int total = Math.Max(0, (output - 1) * stride + EffectiveKernelSize(kernel, dilation) - input);
        return (total / 2, total - total / 2);
    }

    private static void CheckWindow(int kernel, int stride, int dilation)
    {
        if (kernel <= 0) throw new GraphValidationException($"kernel size {kernel} must be positive");
        if (stride <= 0) throw new GraphValidationException($"stride {stride} must be positive");
        if (dilation <= 0) throw new GraphValidationException($"dilation {dilation} must be positive");
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
