namespace Quanta.Core;

/// <summary>ONNX ConstantOfShape: a tensor of the shape in input 0, filled with the one-element
/// tensor attribute <c>value</c> (float32 0 by default), of that value's type.</summary>
public sealed class ConstantOfShapeSchema() : TensorOpSchema(OpDomains.Onnx, "ConstantOfShape")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [0];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = FillValue(context.Node);
        var dims = Ints(context, 0, "shape");
        Shape? shape;
        if (dims is not null)
        {
            shape = new Shape(dims.Select(d => d < 0 ? throw context.Error($"shape [{string.Join(",", dims)}] has a negative dimension") : TensorArgs.Dim(context.Node, d, "dimension")).ToArray());
        }
        else
        {
            var s = context.InputShape(0);
            shape = s is { Rank: 1 } && s[0] != Shape.Unknown ? new Shape(Enumerable.Repeat(Shape.Unknown, s[0]).ToArray()) : null;
        }
        context.SetOutput(0, value.Type, shape);
    }

    /// <summary>The fill value: the <c>value</c> attribute, or a float32 zero.</summary>
    /// <exception cref="GraphValidationException">The attribute holds other than one element.</exception>
    public static Tensor FillValue(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var value = node.Attributes.GetTensor("value") ?? Tensor.Scalar(0f);
        if (value.ElementCount != 1)
            throw TensorArgs.Invalid(node, $"value must hold one element, but holds {value.ElementCount}");
        return value;
    }
}
