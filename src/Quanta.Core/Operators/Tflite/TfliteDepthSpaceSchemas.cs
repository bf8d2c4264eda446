namespace Quanta.Core;

/// <summary>TFLite DEPTH_TO_SPACE (NHWC): <c>[N, H, W, C] → [N, H·b, W·b, C/b²]</c>, depth split as [b, b, C/b²].</summary>
public sealed class TfliteDepthToSpaceSchema() : TensorOpSchema(OpDomains.Tflite, "DEPTH_TO_SPACE")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetMoved(context, DepthToSpaceSchema.DepthToSpace(context, context.InputShape(0), 3, 1, 2));
    }
}

/// <summary>TFLite SPACE_TO_DEPTH (NHWC): <c>[N, H, W, C] → [N, H/b, W/b, C·b²]</c>.</summary>
public sealed class TfliteSpaceToDepthSchema() : TensorOpSchema(OpDomains.Tflite, "SPACE_TO_DEPTH")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetMoved(context, SpaceToDepthSchema.SpaceToDepth(context, context.InputShape(0), 3, 1, 2));
    }
}
