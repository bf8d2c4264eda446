namespace Quanta.Core;

/// <summary>
/// TFLite AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D (NHWC): input [N, H, W, C] → [N, OH, OW, C]
/// with a filter_height × filter_width window, sizes from <see cref="ConvGeometry.Tflite"/>.
/// </summary>
public sealed class TflitePoolSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectRank(0, 4);
        var options = TfliteWindowOptions.Read(context.Node);
        var (fh, fw) = TfliteWindowOptions.ReadFilter(context.Node);
        var x = context.InputShape(0);
        Shape? shape = null;
        if (x is not null)
        {
            int oh = x[1] == Shape.Unknown ? Shape.Unknown : options.Vertical(context.Node, x[1], fh).OutputSize;
            int ow = x[2] == Shape.Unknown ? Shape.Unknown : options.Horizontal(context.Node, x[2], fw).OutputSize;
            shape = new Shape(x[0], oh, ow, x[3]);
        }
        context.SetOutput(0, context.Input(0).Type, shape);
    }
}
