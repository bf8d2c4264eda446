namespace Quanta.Core;

/// <summary>
/// ONNX Reduce* (ReduceMean, ReduceSum, ReduceMax, …): the axes come from attribute <c>axes</c>
/// (opset 17) or input 1 (ReduceSum since opset 13, and every reduction since opset 18); no axes
/// reduces all, or nothing with <c>noop_with_empty_axes</c>; <c>keepdims</c> (default 1) keeps
/// reduced axes as size 1.
/// </summary>
public sealed class ReduceSchema(string opType) : TensorOpSchema(OpDomains.Onnx, opType)
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        var reduced = Reduced(context.Node, x.Shape?.Rank, context.OptionalInput(1), out bool axesKnown);
        bool keepDims = context.Attributes.GetInt("keepdims", 1) != 0;
        Shape? shape = null;
        if (x.Shape is not null && axesKnown) shape = reduced is null ? x.Shape : ReduceRule.OutputShape(x.Shape, reduced, keepDims);
        else if (x.Shape is not null && keepDims) shape = new Shape(Enumerable.Repeat(Shape.Unknown, x.Shape.Rank).ToArray());
        context.SetOutput(0, x.Type, shape);
    }

    /// <summary>The reduced-axis flags of a node (null: identity), from its attribute or input 1.</summary>
    /// <param name="node">The node.</param>
    /// <param name="rank">The input rank, or null when unknown.</param>
    /// <param name="axesInput">Input 1, when present.</param>
    /// <param name="known">False while the axes (or the rank) are not known.</param>
    public static bool[]? Reduced(Node node, int? rank, ValueInfo? axesInput, out bool known)
    {
        ArgumentNullException.ThrowIfNull(node);
        long[]? axes = axesInput is null ? node.Attributes.GetInts("axes") : TensorArgs.Ints(node, axesInput.Data, "axes");
        known = rank is not null && (axesInput is null || axes is not null);
        if (!known) return null;
        bool noop = node.Attributes.GetInt("noop_with_empty_axes", 0) != 0;
        return ReduceRule.Reduced(node, rank!.Value, axes, noop);
    }
}

/// <summary>ONNX ArgMax/ArgMin: int64 index of the extreme along <c>axis</c>; <c>keepdims</c>
/// (default 1); <c>select_last_index</c> picks the last of equal extremes.</summary>
public sealed class ArgMinMaxSchema(string opType) : TensorOpSchema(OpDomains.Onnx, opType)
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        Shape? shape = null;
        if (x is not null)
        {
            int axis = TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", 0), x.Rank);
            if (x[axis] == 0) throw context.Error($"cannot take {OpType} over the empty axis {axis} of {x}");
            var reduced = new bool[x.Rank];
            reduced[axis] = true;
            shape = ReduceRule.OutputShape(x, reduced, context.Attributes.GetInt("keepdims", 1) != 0);
        }
        context.SetOutput(0, DataType.Int64, shape);
    }
}
