namespace Quanta.Core;

/// <summary>ONNX Range: <c>start, start + delta, …</c> below <c>limit</c> (above, for a negative
/// delta): <c>max(⌈(limit − start)/delta⌉, 0)</c> elements of start's type.</summary>
public sealed class RangeSchema() : TensorOpSchema(OpDomains.Onnx, "Range")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [0, 1, 2];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Input(0).Type;
        var (start, limit, delta) = (context.InputData(0), context.InputData(1), context.InputData(2));
        int count = start is null || limit is null || delta is null ? Shape.Unknown : Count(context.Node, start, limit, delta);
        context.SetOutput(0, type, new Shape(count));
    }

    /// <summary>The number of elements (integers exactly; floats in double, as numpy's arange).</summary>
    /// <exception cref="GraphValidationException">A parameter is not a scalar, or delta is 0.</exception>
    public static int Count(Node node, Tensor start, Tensor limit, Tensor delta)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(delta);
        foreach (var (t, name) in new[] { (start, "start"), (limit, "limit"), (delta, "delta") })
        {
            if (t.ElementCount != 1) throw TensorArgs.Invalid(node, $"{name} must be a scalar, but is {t.Shape}");
        }
        double count;
        if (start.Type.IsInteger())
        {
            long s = start.GetInt64(0), l = limit.GetInt64(0), d = delta.GetInt64(0);
            if (d == 0) throw TensorArgs.Invalid(node, "delta is 0");
            long span = l - s;
            count = d > 0 ? Math.Max(0, (span + d - 1) / d) : Math.Max(0, (span + d + 1) / d);
        }
        else
        {
            double s = start.GetDouble(0), l = limit.GetDouble(0), d = delta.GetDouble(0);
            if (d == 0) throw TensorArgs.Invalid(node, "delta is 0");
            count = Math.Max(0, Math.Ceiling((l - s) / d));
        }
        if (!(count <= int.MaxValue)) throw TensorArgs.Invalid(node, $"the range has {count} elements");
        return (int)count;
    }
}
