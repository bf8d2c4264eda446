namespace Quanta.Core;

/// <summary>
/// TFLite CONV_2D and DEPTHWISE_CONV_2D (NHWC). CONV_2D: input [N, H, W, C], filter OHWI
/// [O, KH, KW, I] with C = I·groups, optional bias [O] → [N, OH, OW, O]. DEPTHWISE_CONV_2D:
/// filter [1, KH, KW, C·M] (M = depth multiplier), optional bias [C·M] → [N, OH, OW, C·M]. Sizes
/// from <see cref="ConvGeometry.Tflite"/>; the output type is the input's (float or quantized).
/// </summary>
public sealed class TfliteConvSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <summary>True for DEPTHWISE_CONV_2D.</summary>
    public bool IsDepthwise => OpType == "DEPTHWISE_CONV_2D";

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectRank(0, 4);
        context.ExpectRank(1, 4);
        var x = context.InputShape(0);
        var f = context.InputShape(1);
        var options = TfliteWindowOptions.Read(context.Node);
        int channels = x?[3] ?? Shape.Unknown;
        int outChannels = f?[IsDepthwise ? 3 : 0] ?? Shape.Unknown;
        if (IsDepthwise)
        {
            if (f is not null && f[0] != 1 && f[0] != Shape.Unknown) throw context.Error($"depthwise filter {f} must be [1, KH, KW, C·M]");
            if (channels > 0 && outChannels != Shape.Unknown && outChannels % channels != 0)
                throw context.Error($"filter {f} has {outChannels} channels, not a multiple of the input's {channels}");
        }
        else if (channels != Shape.Unknown && f is not null && f[3] > 0)
        {
            if (channels % f[3] != 0) throw context.Error($"input has {channels} channels, not a multiple of the filter's {f[3]} ({f})");
            int groups = channels / f[3];
            if (outChannels != Shape.Unknown && outChannels % groups != 0)
                throw context.Error($"{outChannels} output channels are not divisible by the {groups} groups");
        }
        ConvSchema.CheckBias(context, 2, outChannels);
        int oh = Shape.Unknown, ow = Shape.Unknown;
        if (x is not null && f is not null)
        {
            if (x[1] != Shape.Unknown && f[1] != Shape.Unknown) oh = options.Vertical(context.Node, x[1], f[1]).OutputSize;
            if (x[2] != Shape.Unknown && f[2] != Shape.Unknown) ow = options.Horizontal(context.Node, x[2], f[2]).OutputSize;
        }
        context.SetOutput(0, context.Input(0).Type, new Shape(x?[0] ?? Shape.Unknown, oh, ow, outChannels));
    }
}

/// <summary>
/// TFLite TRANSPOSE_CONV: input 0 is the int32 output shape [4] (its contents decide the output
/// shape: a <see cref="ShapeInputs"/> entry), input 1 the weights [O, KH, KW, I], input 2 the data
/// [N, H, W, I], optional input 3 the bias [O]. The kernel is chosen by the data's type (input 2).
/// </summary>
public sealed class TfliteTransposeConvSchema : IOpSchema
{
    /// <summary>Index of the output-shape input.</summary>
    public const int OutputShapeInput = 0;

    /// <summary>Index of the weights input.</summary>
    public const int WeightsInput = 1;

    /// <summary>Index of the data input.</summary>
    public const int DataInput = 2;

    /// <summary>Index of the optional bias input.</summary>
    public const int BiasInput = 3;

    /// <inheritdoc/>
    public string OpType => "TRANSPOSE_CONV";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public IReadOnlyList<int> ShapeInputs { get; } = [OutputShapeInput];

    /// <inheritdoc/>
    public int? KernelKeyInput => DataInput;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(OutputShapeInput, DataType.Int32);
        context.ExpectRank(WeightsInput, 4);
        context.ExpectRank(DataInput, 4);
        TfliteWindowOptions.Read(context.Node);
        var w = context.InputShape(WeightsInput);
        var x = context.InputShape(DataInput);
        if (x is not null && w is not null && x[3] != Shape.Unknown && w[3] != Shape.Unknown && x[3] != w[3])
            throw context.Error($"input {x} and weights {w} (OHWI) disagree on input channels");
        ConvSchema.CheckBias(context, BiasInput, w?[0] ?? Shape.Unknown);
        var type = context.Input(DataInput).Type;
        var data = context.InputData(OutputShapeInput);
        if (data is null)
        {
            context.SetOutput(0, type, new Shape(x?[0] ?? Shape.Unknown, Shape.Unknown, Shape.Unknown, w?[0] ?? Shape.Unknown));
            return;
        }
        if (data.ElementCount != 4) throw context.Error($"output shape has {data.ElementCount} values; expected 4 (N, H, W, O)");
        var dims = new int[4];
        for (int i = 0; i < 4; i++)
        {
            long d = data.GetInt64(i);
            if (d < 1 || d > int.MaxValue) throw context.Error($"output shape [{string.Join(",", data.ToInt64Array())}] has an invalid size");
            dims[i] = (int)d;
        }
        if (x is not null && x[0] != Shape.Unknown && x[0] != dims[0])
            throw context.Error($"output shape batch {dims[0]} differs from the input's {x[0]}");
        if (w is not null && w[0] != Shape.Unknown && w[0] != dims[3])
            throw context.Error($"output shape depth {dims[3]} differs from the weights' {w[0]} output channels");
        context.SetOutput(0, type, new Shape(dims));
    }
}
