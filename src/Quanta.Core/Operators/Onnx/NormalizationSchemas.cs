namespace Quanta.Core;

/// <summary>
/// ONNX per-channel normalizations whose output has the input's shape: BatchNormalization
/// (inference form: X, scale, B, mean, var), InstanceNormalization (X, scale, B) and LRN (X).
/// The per-channel inputs must be [C].
/// </summary>
public sealed class ChannelNormalizationSchema(string opType, int channelInputs) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        if (OpType == "BatchNormalization")
        {
            if (context.Attributes.GetInt("training_mode", 0) != 0)
                throw context.Unsupported("training_mode=1 (batch statistics) is not supported; export the model in inference mode");
            if (context.OutputCount > 1)
                throw context.Unsupported($"{context.OutputCount} outputs: running mean and variance exist only in training mode");
        }
        if (OpType == "LRN" && context.Attributes.GetInt("size") < 1)
            throw context.Error("attribute 'size' must be positive");
        var x = context.InputShape(0);
        if (x is not null && x.Rank < 2) throw context.Error($"input rank {x.Rank} is below 2 (N, C, …)");
        int channels = x?[1] ?? Shape.Unknown;
        for (int i = 1; i <= channelInputs; i++)
        {
            var s = context.InputShape(i);
            if (s is null) continue;
            if (s.Rank != 1 || (channels != Shape.Unknown && s[0] != Shape.Unknown && s[0] != channels))
                throw context.Error($"input {i} {s} should be [{channels}] (one value per channel)");
        }
        context.SetOutput(0, context.Input(0).Type, x);
    }
}
