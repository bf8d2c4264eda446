namespace Quanta.Core;

/// <summary>TFLite PAD, PADV2 (constant value in input 2) and MIRROR_PAD (mode REFLECT or
/// SYMMETRIC): paddings (input 1) are a <c>[rank, 2]</c> tensor of (before, after).</summary>
public sealed class TflitePadSchema(string opType) : TensorOpSchema(OpDomains.Tflite, opType)
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OpType == "MIRROR_PAD" && context.Attributes.GetString("mode", "REFLECT") is not ("REFLECT" or "SYMMETRIC") and var mode)
            throw context.Unsupported($"mode '{mode}' is neither REFLECT nor SYMMETRIC");
        var x = context.InputShape(0);
        var paddings = Ints(context, 1, "paddings");
        if (x is null || paddings is null)
        {
            SetMoved(context, x is null ? null : new Shape(Enumerable.Repeat(Shape.Unknown, x.Rank).ToArray()));
            return;
        }
        var (before, after) = PadRule.FromTflite(context.Node, x.Rank, paddings);
        SetMoved(context, PadRule.OutputShape(context.Node, x, before, after));
    }
}

/// <summary>TFLite BROADCAST_TO: input 0 broadcast to the shape in input 1.</summary>
public sealed class TfliteBroadcastToSchema() : TensorOpSchema(OpDomains.Tflite, "BROADCAST_TO")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dims = Ints(context, 1, "shape");
        var x = context.InputShape(0);
        if (dims is null)
        {
            var s = context.InputShape(1);
            SetMoved(context, s is { Rank: 1 } && s[0] != Shape.Unknown ? new Shape(Enumerable.Repeat(Shape.Unknown, s[0]).ToArray()) : null);
            return;
        }
        var target = new Shape(dims.Select(d => TensorArgs.Dim(context.Node, d, "shape dimension")).ToArray());
        if (x is not null)
        {
            if (x.Rank > target.Rank) throw context.Error($"cannot broadcast {x} to the lower rank {target}");
            for (int i = 0; i < x.Rank; i++)
            {
                int d = x[i], t = target[i + target.Rank - x.Rank];
                if (d != Shape.Unknown && d != 1 && d != t)
                    throw context.Error($"cannot broadcast {x} to {target}");
            }
        }
        SetMoved(context, target);
    }
}

/// <summary>TFLite FILL: a tensor of the shape in input 0 filled with the scalar input 1 (of its type).</summary>
public sealed class TfliteFillSchema() : TensorOpSchema(OpDomains.Tflite, "FILL")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [0];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Input(1);
        var dims = Ints(context, 0, "dims");
        Shape? shape = dims is null ? null : new Shape(dims.Select(d => d < 0 ? throw context.Error($"dims [{string.Join(",", dims)}] has a negative size") : TensorArgs.Dim(context.Node, d, "dimension")).ToArray());
        if (value.Shape is { } vs && vs.ElementCount > 1) throw context.Error($"value must be a scalar, but is {vs}");
        context.SetOutput(0, value.Type, shape, null, value.Quant);
    }
}

/// <summary>TFLite ZEROS_LIKE: zeros of input 0's type and shape.</summary>
public sealed class TfliteZerosLikeSchema() : TensorOpSchema(OpDomains.Tflite, "ZEROS_LIKE")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        context.SetOutput(0, x.Type, x.Shape);
    }
}
