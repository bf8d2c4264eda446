namespace Quanta.Core;

/// <summary>
/// TFLite RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (NHWC): input [N, H, W, C] and an int32
/// size tensor [2] = (new height, new width) → [N, new height, new width, C]. The size's contents
/// decide the output shape (<see cref="ShapeInputs"/>).
/// </summary>
public sealed class TfliteResizeSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public IReadOnlyList<int> ShapeInputs { get; } = [1];

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectRank(0, 4);
        context.ExpectType(1, DataType.Int32);
        if (context.Attributes.GetInt("align_corners", 0) != 0 && context.Attributes.GetInt("half_pixel_centers", 0) != 0)
            throw context.Error("align_corners and half_pixel_centers cannot both be set");
        var x = context.InputShape(0);
        var size = context.InputData(1);
        int h = Shape.Unknown, w = Shape.Unknown;
        if (size is not null)
        {
            if (size.ElementCount != 2) throw context.Error($"size has {size.ElementCount} values; expected 2 (height, width)");
            long sh = size.GetInt64(0), sw = size.GetInt64(1);
            if (sh < 1 || sw < 1 || sh > int.MaxValue || sw > int.MaxValue) throw context.Error($"size ({sh}, {sw}) must be positive");
            (h, w) = ((int)sh, (int)sw);
        }
        var shape = x is null ? null : new Shape(x[0], h, w, x[3]);
        context.SetOutput(0, context.Input(0).Type, shape);
    }
}
