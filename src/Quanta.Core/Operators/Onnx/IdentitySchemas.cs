namespace Quanta.Core;

/// <summary>ONNX Identity: the output is the input.</summary>
public sealed class IdentitySchema() : TensorOpSchema(OpDomains.Onnx, "Identity")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        context.SetOutput(0, x.Type, x.Shape, x.Data, x.Quant);
    }
}

/// <summary>ONNX Dropout at inference: output 0 is the input, the optional mask (output 1) is all
/// true. training_mode = true (input 2) is not supported.</summary>
public sealed class DropoutSchema() : TensorOpSchema(OpDomains.Onnx, "Dropout")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputData(2) is { } training && training.ElementCount > 0 && training.GetDouble(0) != 0)
            throw context.Unsupported("training-mode Dropout (training_mode = true) is not supported; Quanta runs inference only");
        var x = context.Input(0);
        context.SetOutput(0, x.Type, x.Shape, x.Data, x.Quant);
        context.SetOutput(1, DataType.Bool, x.Shape);
    }
}
