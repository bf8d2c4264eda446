namespace Quanta.Core;

/// <summary>ONNX Cast: converts to the type in attribute <c>to</c>, which holds a Quanta
/// <see cref="DataType"/> value (the importer translates ONNX's type codes).</summary>
public sealed class CastSchema() : TensorOpSchema(OpDomains.Onnx, "Cast")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var to = TargetType(context.Node, context.Attributes.GetInt("to"));
        context.SetOutput(0, to, context.Input(0).Shape);
    }

    /// <summary>Checks that a type attribute names a Quanta data type.</summary>
    /// <exception cref="UnsupportedException">It does not.</exception>
    public static DataType TargetType(Node node, long value)
    {
        if (value <= (long)DataType.Undefined || value > (long)DataType.Bool)
            throw new UnsupportedException($"{TensorArgs.Where(node)}: target type {value} is not a Quanta data type (float32, float16, int8, uint8, int16, int32, int64, bool)");
        return (DataType)value;
    }
}

/// <summary>ONNX CastLike: converts input 0 to the type of input 1.</summary>
public sealed class CastLikeSchema() : TensorOpSchema(OpDomains.Onnx, "CastLike")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetOutput(0, context.Input(1).Type, context.Input(0).Shape);
    }
}
