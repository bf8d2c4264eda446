namespace Quanta.Core;

/// <summary>ONNX Shape (opset 15): the input's dimensions [start, end) as an int64 vector. Its
/// contents follow from the input's shape, so the plan compiler folds it.</summary>
public sealed class ShapeSchema() : TensorOpSchema(OpDomains.Onnx, "Shape")
{
    /// <inheritdoc/>
    public override bool ReadsOnlyShapes => true;

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        if (x is null)
        {
            context.SetOutput(0, DataType.Int64, new Shape(Shape.Unknown));
            return;
        }
        var (start, end) = Range(x.Rank, context.Attributes.GetInt("start", 0), context.Attributes.Find("end") is null ? null : context.Attributes.GetInt("end"));
        var dims = x.Dims[start..end].ToArray();
        var data = Array.IndexOf(dims, Shape.Unknown) < 0 ? Tensor.Vector(Array.ConvertAll(dims, d => (long)d)) : null;
        context.SetOutput(0, DataType.Int64, new Shape(dims.Length), data);
    }

    /// <summary>[start, end) clamped into [0, rank], negatives counting from the end (opset 15).</summary>
    public static (int Start, int End) Range(int rank, long start, long? end)
    {
        long s = start < 0 ? start + rank : start;
        long e = end is long v ? (v < 0 ? v + rank : v) : rank;
        s = Math.Clamp(s, 0, rank);
        e = Math.Clamp(e, s, rank);
        return ((int)s, (int)e);
    }
}

/// <summary>ONNX Size: the input's element count as an int64 scalar, folded from its shape.</summary>
public sealed class SizeSchema() : TensorOpSchema(OpDomains.Onnx, "Size")
{
    /// <inheritdoc/>
    public override bool ReadsOnlyShapes => true;

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var data = x is { IsFullyKnown: true } ? Tensor.Scalar(x.ElementCount) : null;
        context.SetOutput(0, DataType.Int64, Shape.Scalar, data);
    }
}
