namespace Quanta.Core;

/// <summary>
/// TFLite QUANTIZE: float32 → int8/uint8/int16 or an integer requantization. The output keeps the
/// input's shape; its type is not implied by the input, so it is the type the output value declares
/// (the TFLite importer sets it from the tensor).
/// </summary>
public sealed class TfliteQuantizeSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "QUANTIZE";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        context.ExpectType(0, DataType.Float32, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32);
        var declared = context.Node.Outputs[0].Type;
        if (declared == DataType.Undefined)
            throw context.Error($"output '{context.Node.Outputs[0].Name}' must declare its integer type");
        if (declared is not (DataType.Int8 or DataType.UInt8 or DataType.Int16 or DataType.Int32))
            throw context.Error($"output '{context.Node.Outputs[0].Name}' is {declared}; QUANTIZE produces int8, uint8, int16 or int32");
        context.SetOutput(0, declared, x.Shape);
    }
}

/// <summary>TFLite DEQUANTIZE: an integer (int8, uint8, int16, int32) or float16 tensor to float32, same shape.</summary>
public sealed class TfliteDequantizeSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "DEQUANTIZE";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32, DataType.Float16);
        context.SetOutput(0, DataType.Float32, context.Input(0).Shape);
    }
}
