namespace Quanta.Core;

/// <summary>ONNX Slice (opset 13): starts, ends, axes and steps are inputs 1–4 (see <see cref="SliceRule"/>).</summary>
public sealed class SliceSchema() : TensorOpSchema(OpDomains.Onnx, "Slice")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1, 2, 3, 4];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        if (x is null)
        {
            SetMoved(context, null);
            return;
        }
        var axes = Resolve(context.Node, x, context.InputData(1), context.InputData(2), context.OptionalInput(3), context.OptionalInput(4));
        SetMoved(context, axes is null ? UnknownSlice(context, x) : new Shape(axes.Select(a => a.Count).ToArray()));
    }

    /// <summary>The resolved slice, or null while a parameter is unknown (shared with the runtime binding).</summary>
    public static SliceAxis[]? Resolve(Node node, Shape x, Tensor? starts, Tensor? ends, ValueInfo? axes, ValueInfo? steps)
    {
        var s = TensorArgs.Ints(node, starts, "starts");
        var e = TensorArgs.Ints(node, ends, "ends");
        var a = TensorArgs.Ints(node, axes?.Data, "axes");
        var st = TensorArgs.Ints(node, steps?.Data, "steps");
        if (s is null || e is null || (axes is not null && a is null) || (steps is not null && st is null)) return null;
        return SliceRule.Resolve(node, x, s, e, a, st);
    }

    // With unknown parameters, axes that are certainly untouched keep their size.
    private static Shape UnknownSlice(InferenceContext context, Shape x)
    {
        var axes = Ints(context, 3, "axes");
        if (axes is null) return new Shape(Enumerable.Repeat(Shape.Unknown, x.Rank).ToArray());
        var touched = TensorArgs.Axes(context.Node, axes, x.Rank);
        return new Shape(x.Select((d, i) => Array.IndexOf(touched, i) >= 0 ? Shape.Unknown : d).ToArray());
    }
}
