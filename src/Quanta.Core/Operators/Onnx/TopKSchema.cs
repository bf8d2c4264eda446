namespace Quanta.Core;

/// <summary>ONNX TopK (opset 11): the K (input 1) largest or smallest elements along <c>axis</c>
/// (default −1) and their int64 indices.</summary>
public sealed class TopKSchema() : TensorOpSchema(OpDomains.Onnx, "TopK")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        var k = TensorArgs.Int(context.Node, context.InputData(1), "K");
        Shape? shape = null;
        if (x.Shape is not null)
        {
            int axis = TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", -1), x.Shape.Rank);
            if (k is long kv && (kv < 0 || (x.Shape[axis] != Shape.Unknown && kv > x.Shape[axis])))
                throw context.Error($"K = {kv} is outside [0, {x.Shape[axis]}] for axis {axis} of {x.Shape}");
            shape = x.Shape.With(axis, k is long v ? (int)v : Shape.Unknown);
        }
        context.SetOutput(0, x.Type, shape);
        context.SetOutput(1, DataType.Int64, shape);
    }
}
