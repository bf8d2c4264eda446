namespace Quanta.Core;

/// <summary>TFLite RESHAPE: the shape is input 1 when present as a vector, else the new_shape
/// attribute (legacy models write [0] there for a scalar); −1 is inferred, 0 is an empty axis.</summary>
public sealed class TfliteReshapeSchema() : TensorOpSchema(OpDomains.Tflite, "RESHAPE")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = Target(context.Node, context.OptionalInput(1), out bool rankOnly);
        if (target is null)
        {
            SetMoved(context, rankOnly ? new Shape(Enumerable.Repeat(Shape.Unknown, context.InputShape(1)![0]).ToArray()) : null);
            return;
        }
        SetMoved(context, ReshapeRule.Resolve(context.Node, context.InputShape(0), target, zeroCopies: false, allowZero: true), view: true);
    }

    /// <summary>The requested shape, or null while input 1 is unknown (<paramref name="rankOnly"/>
    /// tells whether its length, the output rank, is known).</summary>
    /// <exception cref="GraphValidationException">Neither input 1 nor new_shape gives a shape.</exception>
    public static long[]? Target(Node node, ValueInfo? shapeInput, out bool rankOnly)
    {
        ArgumentNullException.ThrowIfNull(node);
        rankOnly = false;
        if (shapeInput is { Shape.Rank: 1 })
        {
            var values = TensorArgs.Ints(node, shapeInput.Data, "shape");
            rankOnly = values is null && shapeInput.Shape[0] != Shape.Unknown;
            return values;
        }
        var attr = node.Attributes.GetInts("new_shape");
        if (attr is null)
        {
            if (shapeInput is not null && shapeInput.Shape is null) return null;
            throw TensorArgs.Invalid(node, "has neither a shape input nor a new_shape attribute");
        }
        return attr is [0] ? [] : attr;
    }
}

/// <summary>TFLite SQUEEZE: removes the size-1 axes in squeeze_dims, or all of them when it is empty.</summary>
public sealed class TfliteSqueezeSchema() : TensorOpSchema(OpDomains.Tflite, "SQUEEZE")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        SetMoved(context, x is null ? null : SqueezeSchema.Squeeze(context.Node, x, context.Attributes.GetInts("squeeze_dims") ?? []), view: true);
    }
}

/// <summary>TFLite EXPAND_DIMS: a size-1 axis inserted at input 1's axis (in [−r−1, r]).</summary>
public sealed class TfliteExpandDimsSchema() : TensorOpSchema(OpDomains.Tflite, "EXPAND_DIMS")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var axis = TensorArgs.Int(context.Node, context.InputData(1), "axis");
        if (x is null || axis is null)
        {
            SetMoved(context, x is null ? null : new Shape(Enumerable.Repeat(Shape.Unknown, x.Rank + 1).ToArray()));
            return;
        }
        SetMoved(context, UnsqueezeSchema.Unsqueeze(context.Node, x, [axis.Value]), view: true);
    }
}
