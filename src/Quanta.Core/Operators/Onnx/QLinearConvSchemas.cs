namespace Quanta.Core;

/// <summary>
/// ONNX QLinearConv: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point,
/// optional int32 B → y of y_zero_point's type; shapes and attributes as Conv (NCHW).
/// </summary>
/// <remarks>
/// Quanta extension: the integer attributes <c>quanta_output_min</c> and <c>quanta_output_max</c>
/// (absent: the type's range) clamp the output codes. The QDQ fusion pass sets them when a Relu or
/// Clip between Conv and QuantizeLinear is absorbed; ONNX files never carry them.
/// </remarks>
public sealed class QLinearConvSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "QLinearConv";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 3);
        var type = QLinearTypes.ZeroPointType(context, 7, DataType.Undefined, QLinearTypes.EightBit);
        if (type == DataType.Undefined) type = context.Input(0).Type;
        context.SetOutput(0, type, ConvSchema.OutputShape(context, 0, 3, 8));
    }
}

/// <summary>
/// ONNX ConvInteger: x, w, optional x_zero_point, optional w_zero_point → int32 y,
/// <c>Σ (x − x_zp)(w − w_zp)</c>; shapes and attributes as Conv (NCHW).
/// </summary>
public sealed class ConvIntegerSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "ConvInteger";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 1);
        context.SetOutput(0, DataType.Int32, ConvSchema.OutputShape(context, 0, 1, null));
    }
}
