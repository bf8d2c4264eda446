namespace Quanta.Core;

/// <summary>TFLite TRANSPOSE: the permutation is input 1.</summary>
public sealed class TfliteTransposeSchema() : TensorOpSchema(OpDomains.Tflite, "TRANSPOSE")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        var perm = Ints(context, 1, "perm");
        if (x.Shape is null || perm is null)
        {
            SetMoved(context, x.Shape is null ? null : new Shape(Enumerable.Repeat(Shape.Unknown, x.Shape.Rank).ToArray()));
            return;
        }
        var p = TransposeSchema.Permutation(context.Node, perm, x.Shape.Rank);
        context.SetOutput(0, x.Type, TransposeSchema.Permute(x.Shape, p), null, TransposeSchema.PermuteQuant(x.Quant, p));
    }
}

/// <summary>TFLite CONCATENATION: inputs joined along <c>axis</c>, then the fused activation
/// (float only; quantized inputs must share the output's parameters).</summary>
public sealed class TfliteConcatenationSchema() : TensorOpSchema(OpDomains.Tflite, "CONCATENATION")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var shape = ConcatSchema.Concat(context, context.Attributes.GetInt("axis", 0));
        var first = context.Input(0);
        context.SetOutput(0, first.Type, shape, null, TensorArgs.PerTensorQuant(first));
    }
}

/// <summary>TFLite SPLIT: input 0 is the axis, input 1 the data, split into equal parts (one per output).</summary>
public sealed class TfliteSplitSchema() : TensorOpSchema(OpDomains.Tflite, "SPLIT")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [0];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var axis = TensorArgs.Int(context.Node, context.InputData(0), "axis");
        if (axis is null)
        {
            var x = context.Input(1);
            for (int i = 0; i < context.OutputCount; i++) context.SetOutput(i, x.Type, null, null, TensorArgs.PerTensorQuant(x));
            return;
        }
        var dim = context.InputShape(1) is { } s ? s[TensorArgs.Axis(context.Node, axis.Value, s.Rank)] : Shape.Unknown;
        if (dim != Shape.Unknown && dim % context.OutputCount != 0)
            throw context.Error($"axis size {dim} is not divisible into {context.OutputCount} equal parts");
        SplitSchema.SetParts(context, axis.Value, null, false, dataIndex: 1);
    }
}

/// <summary>TFLite SPLIT_V: input 1 gives the part sizes (one may be −1), input 2 the axis.</summary>
public sealed class TfliteSplitVSchema() : TensorOpSchema(OpDomains.Tflite, "SPLIT_V")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1, 2];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sizes = Ints(context, 1, "size_splits");
        var axis = TensorArgs.Int(context.Node, context.InputData(2), "axis");
        if (axis is null)
        {
            var x = context.Input(0);
            for (int i = 0; i < context.OutputCount; i++) context.SetOutput(i, x.Type, null, null, TensorArgs.PerTensorQuant(x));
            return;
        }
        SplitSchema.SetParts(context, axis.Value, sizes, sizes is null);
    }
}

/// <summary>TFLite PACK: values_count inputs of one shape stacked along a new axis <c>axis</c>.</summary>
public sealed class TflitePackSchema() : TensorOpSchema(OpDomains.Tflite, "PACK")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = context.Input(0);
        Shape? common = null;
        for (int i = 0; i < context.InputCount; i++)
        {
            var input = context.Input(i);
            if (input.Type != first.Type) throw context.Error($"input {i} is {input.Type} but input 0 is {first.Type}");
            if (input.Shape is null) continue;
            if (common is null) { common = input.Shape; continue; }
            if (common.Rank != input.Shape.Rank) throw context.Error($"input {i} {input.Shape} and {common} differ in rank");
            var dims = common.ToArray();
            for (int d = 0; d < dims.Length; d++)
            {
                int v = input.Shape[d];
                if (v == Shape.Unknown) continue;
                if (dims[d] != Shape.Unknown && dims[d] != v) throw context.Error($"input {i} {input.Shape} differs from {common}");
                dims[d] = v;
            }
            common = new Shape(dims);
        }
        Shape? shape = null;
        if (common is not null)
        {
            long axis = context.Attributes.GetInt("axis", 0);
            shape = UnsqueezeSchema.Unsqueeze(context.Node, common, [axis]);
            shape = shape.With(TensorArgs.Axis(context.Node, axis, shape.Rank), context.InputCount);
        }
        context.SetOutput(0, first.Type, shape, null, TensorArgs.PerTensorQuant(first));
    }
}

/// <summary>TFLite UNPACK: input 0 cut along <c>axis</c> into <c>num</c> outputs without that axis.</summary>
public sealed class TfliteUnpackSchema() : TensorOpSchema(OpDomains.Tflite, "UNPACK")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        Shape? part = null;
        if (x.Shape is not null)
        {
            int axis = TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", 0), x.Shape.Rank);
            if (x.Shape[axis] != Shape.Unknown && x.Shape[axis] != context.OutputCount)
                throw context.Error($"axis {axis} of {x.Shape} has size {x.Shape[axis]} but the node has {context.OutputCount} outputs");
            part = new Shape(x.Shape.Where((_, i) => i != axis).ToArray());
        }
        for (int i = 0; i < context.OutputCount; i++) context.SetOutput(i, x.Type, part, null, TensorArgs.PerTensorQuant(x));
    }
}
