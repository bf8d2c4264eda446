namespace Quanta.Core;

/// <summary>TFLite SOFTMAX (beta) and LOG_SOFTMAX: normalized along the last axis; shape unchanged.</summary>
public sealed class TfliteSoftmaxSchema(string opType) : TensorOpSchema(OpDomains.Tflite, opType)
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        if (x.Shape is { Rank: 0 }) throw context.Error("input must have at least one axis");
        context.SetOutput(0, x.Type, x.Shape);
    }
}

/// <summary>TFLite MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN: axes in input 1 (may repeat or
/// count from the end; none reduces nothing); keep_dims keeps them as size 1.</summary>
public sealed class TfliteReduceSchema(string opType) : TensorOpSchema(OpDomains.Tflite, opType)
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        var axes = Ints(context, 1, "axis");
        bool keepDims = context.Attributes.GetInt("keep_dims", 0) != 0;
        Shape? shape = null;
        // An empty axis list reduces nothing (TensorFlow's reduce over no axes is the identity).
        if (x.Shape is not null && axes is not null)
            shape = ReduceRule.Reduced(context.Node, x.Shape.Rank, axes, noopWithEmptyAxes: true) is { } reduced ? ReduceRule.OutputShape(x.Shape, reduced, keepDims) : x.Shape;
        else if (x.Shape is not null && keepDims)
            shape = new Shape(Enumerable.Repeat(Shape.Unknown, x.Shape.Rank).ToArray());
        context.SetOutput(0, x.Type, shape);
    }
}

/// <summary>TFLite ARG_MAX / ARG_MIN: index of the extreme along the axis in input 1, which is
/// removed; output_type INT32 or INT64 (default).</summary>
public sealed class TfliteArgMinMaxSchema(string opType) : TensorOpSchema(OpDomains.Tflite, opType)
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = TfliteTypeNames.OutputType(context.Node, 0, "output_type", DataType.Int64, DataType.Int32, DataType.Int64);
        var x = context.InputShape(0);
        var axis = TensorArgs.Int(context.Node, context.InputData(1), "axis");
        Shape? shape = null;
        if (x is not null && axis is not null)
        {
            var reduced = new bool[x.Rank];
            reduced[TensorArgs.Axis(context.Node, axis.Value, x.Rank)] = true;
            shape = ReduceRule.OutputShape(x, reduced, keepDims: false);
        }
        else if (x is not null)
        {
            shape = new Shape(Enumerable.Repeat(Shape.Unknown, Math.Max(x.Rank - 1, 0)).ToArray());
        }
        context.SetOutput(0, type, shape);
    }
}
