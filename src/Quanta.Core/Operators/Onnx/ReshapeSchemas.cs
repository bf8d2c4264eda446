namespace Quanta.Core;

/// <summary>ONNX Reshape (opset 14): the target shape is input 1; 0 copies the input's dimension
/// (unless allowzero = 1), −1 is inferred.</summary>
public sealed class ReshapeSchema() : TensorOpSchema(OpDomains.Onnx, "Reshape")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = Ints(context, 1, "shape");
        if (target is null)
        {
            // Rank is known from the length of the shape vector even when its values are not.
            var s = context.InputShape(1);
            SetMoved(context, s is { Rank: 1 } && s[0] != Shape.Unknown ? new Shape(Enumerable.Repeat(Shape.Unknown, s[0]).ToArray()) : null);
            return;
        }
        bool allowZero = context.Attributes.GetInt("allowzero", 0) != 0;
        SetMoved(context, ReshapeRule.Resolve(context.Node, context.InputShape(0), target, zeroCopies: true, allowZero), view: true);
    }
}

/// <summary>ONNX Flatten: <c>[d0 … d(axis−1)] × [d(axis) … ]</c> as a 2-D tensor; axis in [−r, r].</summary>
public sealed class FlattenSchema() : TensorOpSchema(OpDomains.Onnx, "Flatten")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        if (x is null)
        {
            SetMoved(context, new Shape(Shape.Unknown, Shape.Unknown));
            return;
        }
        long axis = context.Attributes.GetInt("axis", 1);
        if (axis < -x.Rank || axis > x.Rank)
            throw context.Error($"axis {axis} is outside [{-x.Rank}, {x.Rank}] for input {x}");
        int a = (int)(axis < 0 ? axis + x.Rank : axis);
        long outer = TensorArgs.Product(x, 0, a), inner = TensorArgs.Product(x, a, x.Rank);
        SetMoved(context, new Shape(TensorArgs.Dim(context.Node, outer, "outer size"), TensorArgs.Dim(context.Node, inner, "inner size")), view: true);
    }
}
