namespace Quanta.Core;

/// <summary>
/// TFLite FULLY_CONNECTED: input [..., in] seen as [batch, in] with batch = elements / in, weights
/// [out, in], optional bias [out] → [batch, out], or the input's shape with its last axis replaced
/// by out when <c>keep_num_dims</c> is 1. Only <c>weights_format</c> DEFAULT is supported.
/// </summary>
public sealed class TfliteFullyConnectedSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "FULLY_CONNECTED";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string format = context.Attributes.GetString("weights_format", "DEFAULT");
        if (format != "DEFAULT") throw context.Unsupported($"weights_format {format} (only DEFAULT is supported)");
        context.ExpectRank(1, 2);
        var x = context.InputShape(0);
        var w = context.InputShape(1);
        int units = w?[0] ?? Shape.Unknown;
        int depth = w?[1] ?? Shape.Unknown;
        ConvSchema.CheckBias(context, 2, units);
        var type = context.Input(0).Type;
        if (x is null) { context.SetOutput(0, type, null); return; }
        if (x.Rank == 0) throw context.Error("input is a scalar");
        if (context.Attributes.GetInt("keep_num_dims", 0) != 0)
        {
            if (depth != Shape.Unknown && x[-1] != Shape.Unknown && x[-1] != depth)
                throw context.Error($"keep_num_dims needs the input's last axis {x} to equal the weights' depth {depth}");
            context.SetOutput(0, type, x.With(x.Rank - 1, units));
            return;
        }
        long elements = x.ElementCount;
        int batch = Shape.Unknown;
        if (elements >= 0 && depth > 0)
        {
            if (elements % depth != 0) throw context.Error($"input {x} has {elements} elements, not a multiple of the weights' depth {depth}");
            batch = checked((int)(elements / depth));
        }
        context.SetOutput(0, type, new Shape(batch, units));
    }
}
