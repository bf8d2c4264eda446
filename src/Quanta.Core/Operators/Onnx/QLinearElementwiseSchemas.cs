namespace Quanta.Core;

/// <summary>
/// com.microsoft QLinearAdd and QLinearMul: A, A_scale, A_zero_point, B, B_scale, B_zero_point,
/// C_scale, C_zero_point (zero points optional) → C of A's type, numpy-broadcast shape.
/// </summary>
/// <remarks>Accepts the <c>quanta_output_min</c>/<c>quanta_output_max</c> clamp of <see cref="QLinearConvSchema"/>
/// (a fused Relu).</remarks>
public sealed class QLinearBinarySchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Microsoft;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 3);
        var a = context.Input(0);
        var b = context.Input(3);
        if (a.Type != b.Type && a.Type != DataType.Undefined && b.Type != DataType.Undefined)
            throw context.Error($"A is {a.Type} but B is {b.Type}");
        Shape? shape;
        try { shape = Broadcasting.Broadcast(a.Shape, b.Shape); }
        catch (GraphValidationException e) { throw context.Error(e.Message); }
        context.SetOutput(0, a.Type, shape);
    }
}

/// <summary>
/// com.microsoft QLinearSigmoid and QLinearLeakyRelu (attribute alpha): X, X_scale, X_zero_point,
/// Y_scale, Y_zero_point (zero points optional) → Y of X's type and shape.
/// </summary>
public sealed class QLinearUnarySchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Microsoft;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        context.SetOutput(0, context.Input(0).Type, context.Input(0).Shape);
    }
}
