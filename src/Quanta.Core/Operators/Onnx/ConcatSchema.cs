namespace Quanta.Core;

/// <summary>ONNX Concat: inputs of one rank joined along <c>axis</c> (negative counts from the end);
/// every other dimension must agree.</summary>
public sealed class ConcatSchema() : TensorOpSchema(OpDomains.Onnx, "Concat")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var shape = Concat(context, context.Attributes.GetInt("axis"));
        var first = context.Input(0);
        context.SetOutput(0, first.Type, shape, null, TensorArgs.PerTensorQuant(first));
    }

    /// <summary>The joined shape of every input along <paramref name="axis"/> (also TFLite's CONCATENATION).</summary>
    /// <exception cref="GraphValidationException">Ranks, types or non-axis dimensions disagree.</exception>
    public static Shape? Concat(InferenceContext context, long axis)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount == 0) throw context.Error("needs at least one input");
        var type = context.Input(0).Type;
        Shape? known = null;
        for (int i = 0; i < context.InputCount; i++)
        {
            var input = context.Input(i);
            if (input.Type != type && input.Type != DataType.Undefined && type != DataType.Undefined)
                throw context.Error($"input {i} is {input.Type} but input 0 is {type}");
            if (input.Shape is null) continue;
            if (known is not null && input.Shape.Rank != known.Rank)
                throw context.Error($"input {i} {input.Shape} and an earlier input {known} differ in rank");
            known ??= input.Shape;
        }
        if (known is null) return null;
        int rank = known.Rank;
        int a = TensorArgs.Axis(context.Node, axis, rank);
        var dims = new int[rank];
        for (int d = 0; d < rank; d++) dims[d] = d == a ? 0 : Shape.Unknown;
        bool axisUnknown = false;
        for (int i = 0; i < context.InputCount; i++)
        {
            var s = context.Input(i).Shape;
            if (s is null) { axisUnknown = true; continue; }
            for (int d = 0; d < rank; d++)
            {
                if (d == a)
                {
                    if (s[d] == Shape.Unknown) axisUnknown = true;
                    else dims[d] = checked(dims[d] + s[d]);
                }
                else if (s[d] != Shape.Unknown)
                {
                    if (dims[d] != Shape.Unknown && dims[d] != s[d])
                        throw context.Error($"input {i} {s} does not match the others on axis {d} ({dims[d]})");
                    dims[d] = s[d];
                }
            }
        }
        if (axisUnknown) dims[a] = Shape.Unknown;
        return new Shape(dims);
    }
}
