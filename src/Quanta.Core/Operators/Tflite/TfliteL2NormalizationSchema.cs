namespace Quanta.Core;

/// <summary>TFLite L2_NORMALIZATION: normalizes along the last axis; the output has the input's shape.</summary>
public sealed class TfliteL2NormalizationSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "L2_NORMALIZATION";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        if (x is not null && x.Rank == 0) throw context.Error("input is a scalar");
        context.SetOutput(0, context.Input(0).Type, x);
    }
}
