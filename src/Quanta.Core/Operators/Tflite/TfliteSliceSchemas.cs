namespace Quanta.Core;

/// <summary>TFLite STRIDED_SLICE: begin, end and strides are inputs 1–3; masks and offset are
/// attributes (see <see cref="StridedSliceRule"/>).</summary>
public sealed class TfliteStridedSliceSchema() : TensorOpSchema(OpDomains.Tflite, "STRIDED_SLICE")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1, 2, 3];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var axes = x is null ? null : Resolve(context.Node, x, context.InputData(1), context.InputData(2), context.InputData(3));
        SetMoved(context, axes is null ? null : StridedSliceRule.OutputShape(axes));
    }

    /// <summary>The resolved axes, or null while begin, end or strides is unknown (shared with the binding).</summary>
    public static StridedSliceAxis[]? Resolve(Node node, Shape x, Tensor? begin, Tensor? end, Tensor? strides)
    {
        ArgumentNullException.ThrowIfNull(node);
        var b = TensorArgs.Ints(node, begin, "begin");
        var e = TensorArgs.Ints(node, end, "end");
        var s = TensorArgs.Ints(node, strides, "strides");
        if (b is null || e is null || s is null) return null;
        var a = node.Attributes;
        var masks = new StridedSliceRule.Masks(
            (int)a.GetInt("begin_mask", 0), (int)a.GetInt("end_mask", 0), (int)a.GetInt("ellipsis_mask", 0),
            (int)a.GetInt("new_axis_mask", 0), (int)a.GetInt("shrink_axis_mask", 0), a.GetInt("offset", 0) != 0);
        return StridedSliceRule.Resolve(node, x, b, e, s, masks);
    }
}

/// <summary>TFLite SLICE: <c>size[i]</c> elements from <c>begin[i]</c> (inputs 1 and 2); size −1 takes the rest.</summary>
public sealed class TfliteSliceSchema() : TensorOpSchema(OpDomains.Tflite, "SLICE")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1, 2];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var axes = x is null ? null : Resolve(context.Node, x, context.InputData(1), context.InputData(2));
        SetMoved(context, axes is null ? null : new Shape(axes.Select(a => a.Count).ToArray()));
    }

    /// <summary>The resolved slice, or null while begin or size is unknown.</summary>
    /// <exception cref="GraphValidationException">Wrong lengths, or a slice reaching outside the input.</exception>
    public static SliceAxis[]? Resolve(Node node, Shape x, Tensor? begin, Tensor? size)
    {
        ArgumentNullException.ThrowIfNull(x);
        var b = TensorArgs.Ints(node, begin, "begin");
        var s = TensorArgs.Ints(node, size, "size");
        if (b is null || s is null) return null;
        if (b.Length != x.Rank || s.Length != x.Rank)
            throw TensorArgs.Invalid(node, $"begin ({b.Length}) and size ({s.Length}) must have one value per axis of {x}");
        var result = new SliceAxis[x.Rank];
        for (int a = 0; a < x.Rank; a++)
        {
            int dim = x[a];
            if (dim == Shape.Unknown) { result[a] = new SliceAxis(b[a], 1, s[a] >= 0 ? TensorArgs.Dim(node, s[a], "size") : Shape.Unknown); continue; }
            long count = s[a] == -1 ? dim - b[a] : s[a];
            if (b[a] < 0 || count < 0 || b[a] + count > dim)
                throw TensorArgs.Invalid(node, $"slice [{b[a]}, +{s[a]}) of axis {a} lies outside its size {dim}");
            result[a] = new SliceAxis(b[a], 1, (int)count);
        }
        return result;
    }
}

/// <summary>TFLite GATHER: <c>axis</c> and <c>batch_dims</c> attributes; shape as ONNX Gather with batch dimensions.</summary>
public sealed class TfliteGatherSchema() : TensorOpSchema(OpDomains.Tflite, "GATHER")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(1, DataType.Int16, DataType.Int32, DataType.Int64);
        var x = context.Input(0);
        var shape = GatherSchema.Gather(context.Node, x.Shape, context.InputShape(1), context.Attributes.GetInt("axis", 0), context.Attributes.GetInt("batch_dims", 0));
        context.SetOutput(0, x.Type, shape, null, TensorArgs.PerTensorQuant(x));
    }
}
