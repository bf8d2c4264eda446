namespace Quanta.Core;

/// <summary>ONNX Softmax, LogSoftmax and Hardmax (opset 13: normalized along one <c>axis</c>,
/// default −1; the importer rewrites the older flatten-to-2-D form). Float; shape unchanged.</summary>
public sealed class SoftmaxSchema(string opType) : TensorOpSchema(OpDomains.Onnx, opType)
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        if (x.Type != DataType.Undefined && !x.Type.IsFloat())
            throw context.Error($"input is {x.Type}; {OpType} takes float tensors");
        if (x.Shape is not null) TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", -1), x.Shape.Rank);
        context.SetOutput(0, x.Type, x.Shape);
    }
}
