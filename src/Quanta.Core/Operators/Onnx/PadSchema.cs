namespace Quanta.Core;

/// <summary>ONNX Pad (opset 13; opset 18's axes input accepted): pads (input 1) as all begins then
/// all ends, negative values crop; mode constant (value: input 2, default 0), reflect or edge.</summary>
public sealed class PadSchema() : TensorOpSchema(OpDomains.Onnx, "Pad")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1, 3];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string mode = context.Attributes.GetString("mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge"))
            throw context.Unsupported($"mode '{mode}' is not supported (constant, reflect, edge)");
        var x = context.InputShape(0);
        var pads = Ints(context, 1, "pads");
        var axes = context.HasInput(3) ? Ints(context, 3, "axes") : null;
        if (x is null || pads is null || (context.HasInput(3) && axes is null))
        {
            SetMoved(context, x is null ? null : new Shape(Enumerable.Repeat(Shape.Unknown, x.Rank).ToArray()));
            return;
        }
        var (before, after) = PadRule.FromOnnx(context.Node, x.Rank, pads, axes);
        SetMoved(context, PadRule.OutputShape(context.Node, x, before, after));
    }
}
