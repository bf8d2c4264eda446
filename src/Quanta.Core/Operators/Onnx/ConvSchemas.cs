namespace Quanta.Core;

/// <summary>
/// ONNX Conv: X [N, C, D1…Dn], W [M, C/group, k1…kn], optional B [M] → Y [N, M, O1…On], each
/// Oi from <see cref="ConvGeometry.Onnx"/>. The weights may be a graph input rather than a constant.
/// </summary>
public sealed class ConvSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "Conv";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        var x = context.InputShape(0);
        var w = context.InputShape(1);
        var type = context.Input(0).Type;
        int rank = x?.Rank ?? w?.Rank ?? -1;
        if (rank < 0) { context.SetOutput(0, type, null); return; }
        if (rank < 3) throw context.Error($"input rank {rank} is below 3 (N, C and at least one spatial axis)");
        if (w is not null && w.Rank != rank) throw context.Error($"weights {w} and input {x} differ in rank");
        long group = context.Attributes.GetInt("group", 1);
        if (group < 1) throw context.Error($"group {group} must be positive");

        int channels = x?[1] ?? Shape.Unknown;
        int outChannels = w?[0] ?? Shape.Unknown;
        if (channels != Shape.Unknown && w is not null && w[1] != Shape.Unknown && channels != w[1] * group)
            throw context.Error($"input has {channels} channels but weights {w} with group {group} expect {w[1] * group}");
        if (outChannels != Shape.Unknown && outChannels % group != 0)
            throw context.Error($"{outChannels} output channels are not divisible by group {group}");
        CheckBias(context, 2, outChannels);

        var dims = new int[rank];
        dims[0] = x?[0] ?? Shape.Unknown;
        dims[1] = outChannels;
        var kernel = w is null ? null : w.Dims[2..].ToArray();
        if (kernel is null && context.Attributes.GetInts("kernel_shape") is null)
        {
            for (int i = 2; i < rank; i++) dims[i] = Shape.Unknown;
        }
        else
        {
            var attrs = OnnxWindowAttributes.Read(context.Node, rank - 2, kernel);
            for (int i = 0; i < rank - 2; i++)
            {
                bool known = x is not null && x[i + 2] != Shape.Unknown && attrs.KernelShape[i] != Shape.Unknown;
                dims[i + 2] = known ? attrs.Forward(i, x![i + 2]).OutputSize : Shape.Unknown;
            }
        }
        context.SetOutput(0, type, new Shape(dims));
    }

    /// <summary>Checks an optional bias input: rank 1 with <paramref name="channels"/> entries.</summary>
    internal static void CheckBias(InferenceContext context, int index, int channels)
    {
        var b = context.OptionalInput(index)?.Shape;
        if (b is null) return;
        if (b.Rank != 1 || (channels != Shape.Unknown && b[0] != Shape.Unknown && b[0] != channels))
            throw context.Error($"bias {b} should be [{channels}]");
    }
}

/// <summary>
/// ONNX ConvTranspose: X [N, C, D1…Dn], W [C, M/group, k1…kn], optional B [M] → Y [N, M, O1…On],
/// each Oi from <see cref="ConvGeometry.OnnxTransposed"/> (pads, output_padding, output_shape, auto_pad).
/// </summary>
public sealed class ConvTransposeSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "ConvTranspose";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        var x = context.InputShape(0);
        var w = context.InputShape(1);
        var type = context.Input(0).Type;
        int rank = x?.Rank ?? w?.Rank ?? -1;
        if (rank < 0) { context.SetOutput(0, type, null); return; }
        if (rank < 3) throw context.Error($"input rank {rank} is below 3 (N, C and at least one spatial axis)");
        if (w is not null && w.Rank != rank) throw context.Error($"weights {w} and input {x} differ in rank");
        long group = context.Attributes.GetInt("group", 1);
        if (group < 1) throw context.Error($"group {group} must be positive");

        int channels = x?[1] ?? Shape.Unknown;
        if (channels != Shape.Unknown && w is not null && w[0] != Shape.Unknown && w[0] != channels)
            throw context.Error($"input has {channels} channels but weights {w} expect {w[0]}");
        if (channels != Shape.Unknown && channels % group != 0)
            throw context.Error($"{channels} input channels are not divisible by group {group}");
        int outChannels = w is null || w[1] == Shape.Unknown ? Shape.Unknown : checked((int)(w[1] * group));
        ConvSchema.CheckBias(context, 2, outChannels);

        var dims = new int[rank];
        dims[0] = x?[0] ?? Shape.Unknown;
        dims[1] = outChannels;
        var kernel = w is null ? null : w.Dims[2..].ToArray();
        if (kernel is null && context.Attributes.GetInts("kernel_shape") is null)
        {
            for (int i = 2; i < rank; i++) dims[i] = Shape.Unknown;
        }
        else
        {
            var attrs = OnnxWindowAttributes.Read(context.Node, rank - 2, kernel);
            for (int i = 0; i < rank - 2; i++)
            {
                bool known = x is not null && x[i + 2] != Shape.Unknown && attrs.KernelShape[i] != Shape.Unknown;
                dims[i + 2] = known ? attrs.Transposed(i, x![i + 2]).OutputSize : attrs.OutputShape?[i] ?? Shape.Unknown;
            }
        }
        context.SetOutput(0, type, new Shape(dims));
    }
}
