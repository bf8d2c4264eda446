namespace Quanta.Core;

/// <summary>ONNX Split (opset 13): input 0 cut along <c>axis</c> into the sizes of input 1, or into
/// as many equal parts as there are outputs (the last one smaller when the size does not divide,
/// as opset 18's num_outputs allows).</summary>
public sealed class SplitSchema() : TensorOpSchema(OpDomains.Onnx, "Split")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long[]? sizes = context.HasInput(1) ? Ints(context, 1, "split") : [];
        SetParts(context, context.Attributes.GetInt("axis", 0), sizes is null ? null : sizes.Length == 0 ? null : sizes, sizes is null);
    }

    /// <summary>Sets each output to its part of input 0 along <paramref name="axis"/> (also TFLite's SPLIT and SPLIT_V).</summary>
    /// <param name="context">The node's context; input 0 is the data.</param>
    /// <param name="axis">The axis (negative counts from the end).</param>
    /// <param name="sizes">The part sizes (one may be −1, TFLite's SPLIT_V), or null for equal parts.</param>
    /// <param name="sizesUnknown">The sizes exist but are not known yet: every part's axis is unknown.</param>
    /// <param name="dataIndex">Which input holds the data (TFLite's SPLIT has it second).</param>
    public static void SetParts(InferenceContext context, long axis, long[]? sizes, bool sizesUnknown, int dataIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(dataIndex);
        var quant = TensorArgs.PerTensorQuant(x);
        int parts = context.OutputCount;
        if (x.Shape is null)
        {
            for (int i = 0; i < parts; i++) context.SetOutput(i, x.Type, null, null, quant);
            return;
        }
        int a = TensorArgs.Axis(context.Node, axis, x.Shape.Rank);
        var resolved = sizesUnknown ? null : Sizes(context.Node, x.Shape[a], sizes, parts);
        for (int i = 0; i < parts; i++)
            context.SetOutput(i, x.Type, x.Shape.With(a, resolved?[i] ?? Shape.Unknown), null, quant);
    }

    /// <summary>The size of each part of an axis of size <paramref name="dim"/> (unknown when <paramref name="dim"/> is).</summary>
    /// <exception cref="GraphValidationException">The sizes do not add up, or their count differs from the outputs'.</exception>
    public static int[] Sizes(Node node, int dim, long[]? sizes, int parts)
    {
        var result = new int[parts];
        if (sizes is null)
        {
            if (parts == 0) throw TensorArgs.Invalid(node, "has no outputs");
            if (dim == Shape.Unknown) { Array.Fill(result, Shape.Unknown); return result; }
            int chunk = (dim + parts - 1) / parts;
            for (int i = 0; i < parts; i++) result[i] = Math.Clamp(dim - i * chunk, 0, chunk);
            return result;
        }
        if (sizes.Length != parts)
            throw TensorArgs.Invalid(node, $"split has {sizes.Length} sizes for {parts} outputs");
        int inferAt = Array.IndexOf(sizes, -1L);
        long sum = 0;
        for (int i = 0; i < parts; i++)
        {
            if (i == inferAt) continue;
            if (sizes[i] < 0) throw TensorArgs.Invalid(node, $"split size {sizes[i]} is negative");
            result[i] = TensorArgs.Dim(node, sizes[i], "split size");
            sum += sizes[i];
        }
        if (inferAt >= 0)
        {
            result[inferAt] = dim == Shape.Unknown ? Shape.Unknown : TensorArgs.Dim(node, dim - sum, "inferred split size");
            if (dim != Shape.Unknown && dim - sum < 0) throw TensorArgs.Invalid(node, $"split sizes [{string.Join(",", sizes)}] exceed the axis size {dim}");
        }
        else if (dim != Shape.Unknown && sum != dim)
        {
            throw TensorArgs.Invalid(node, $"split sizes [{string.Join(",", sizes)}] add up to {sum}, not the axis size {dim}");
        }
        return result;
    }
}
