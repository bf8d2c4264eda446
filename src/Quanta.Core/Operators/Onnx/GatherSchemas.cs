namespace Quanta.Core;

/// <summary>ONNX Gather: <c>y = x.take(indices, axis)</c>; output shape
/// <c>x.shape[:axis] + indices.shape + x.shape[axis+1:]</c>; negative indices count from the end.</summary>
public sealed class GatherSchema() : TensorOpSchema(OpDomains.Onnx, "Gather")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(1, DataType.Int32, DataType.Int64);
        var x = context.Input(0);
        context.SetOutput(0, x.Type, Gather(context.Node, x.Shape, context.InputShape(1), context.Attributes.GetInt("axis", 0), 0), null, TensorArgs.PerTensorQuant(x));
    }

    /// <summary>The gathered shape, with <paramref name="batchDims"/> leading dimensions shared by
    /// data and indices (TFLite's batch_dims; 0 for ONNX).</summary>
    /// <exception cref="GraphValidationException">The axis or batch_dims is out of range.</exception>
    public static Shape? Gather(Node node, Shape? x, Shape? indices, long axis, long batchDims)
    {
        if (x is null || indices is null) return null;
        int a = TensorArgs.Axis(node, axis, x.Rank);
        int b = (int)(batchDims < 0 ? batchDims + indices.Rank : batchDims);
        if (b < 0 || b > a || b > indices.Rank)
            throw TensorArgs.Invalid(node, $"batch_dims {batchDims} must lie in [0, min(axis {a}, indices rank {indices.Rank})]");
        var dims = new List<int>();
        for (int i = 0; i < a; i++) dims.Add(x[i]);
        for (int i = b; i < indices.Rank; i++) dims.Add(indices[i]);
        for (int i = a + 1; i < x.Rank; i++) dims.Add(x[i]);
        return new Shape(dims.ToArray());
    }
}

/// <summary>ONNX GatherElements: <c>y[i][j][k] = x[indices[i][j][k]][j][k]</c> (axis 0); output shape = indices'.</summary>
public sealed class GatherElementsSchema() : TensorOpSchema(OpDomains.Onnx, "GatherElements")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(1, DataType.Int32, DataType.Int64);
        var x = context.Input(0);
        var indices = context.InputShape(1);
        if (x.Shape is not null)
        {
            TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", 0), x.Shape.Rank);
            if (indices is not null && indices.Rank != x.Shape.Rank)
                throw context.Error($"indices {indices} and data {x.Shape} must have the same rank");
        }
        context.SetOutput(0, x.Type, indices, null, TensorArgs.PerTensorQuant(x));
    }
}
