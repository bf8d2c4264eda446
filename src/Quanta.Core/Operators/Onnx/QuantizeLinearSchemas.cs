namespace Quanta.Core;

/// <summary>
/// ONNX QuantizeLinear: x (float) with y_scale and optional y_zero_point → y of the zero point's type
/// (uint8 when it is absent), same shape. Per tensor or along <c>axis</c> (default 1).
/// </summary>
public sealed class QuantizeLinearSchema : IOpSchema
{
    private static readonly DataType[] s_outputTypes = [DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32];

    /// <inheritdoc/>
    public string OpType => "QuantizeLinear";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16, DataType.Int32);
        if (context.Attributes.GetInt("block_size", 0) != 0) throw context.Unsupported("blocked quantization (block_size) is not supported");
        var type = QLinearTypes.ZeroPointType(context, 2, DataType.UInt8, s_outputTypes);
        context.SetOutput(0, type, context.Input(0).Shape);
    }
}

/// <summary>
/// ONNX DequantizeLinear: x (int8, uint8, int16 or int32) with x_scale and optional x_zero_point →
/// float32 y, same shape. Per tensor or along <c>axis</c> (default 1).
/// </summary>
public sealed class DequantizeLinearSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "DequantizeLinear";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32);
        if (context.Attributes.GetInt("block_size", 0) != 0) throw context.Unsupported("blocked quantization (block_size) is not supported");
        context.SetOutput(0, DataType.Float32, context.Input(0).Shape);
    }
}

/// <summary>
/// ONNX DynamicQuantizeLinear: float32 x → (uint8 y of x's shape, float32 scalar y_scale, uint8
/// scalar y_zero_point), the parameters computed from x's range on every run.
/// </summary>
public sealed class DynamicQuantizeLinearSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "DynamicQuantizeLinear";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32);
        context.SetOutput(0, DataType.UInt8, context.Input(0).Shape);
        context.SetOutput(1, DataType.Float32, Shape.Scalar);
        context.SetOutput(2, DataType.UInt8, Shape.Scalar);
    }
}
