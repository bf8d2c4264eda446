namespace Quanta.Core;

/// <summary>ONNX Squeeze (opset 13): removes the size-1 axes listed in input 1, or every size-1
/// axis when it is absent.</summary>
public sealed class SqueezeSchema() : TensorOpSchema(OpDomains.Onnx, "Squeeze")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        long[]? axes = context.HasInput(1) ? Ints(context, 1, "axes") : [];
        if (x is null || axes is null)
        {
            SetMoved(context, null);
            return;
        }
        SetMoved(context, Squeeze(context.Node, x, axes), view: true);
    }

    /// <summary>The shape without the listed axes (all size-1 axes when none are listed).</summary>
    /// <returns>Null when no axes are listed and some dimension is unknown (it may or may not be 1).</returns>
    /// <exception cref="GraphValidationException">A listed axis is out of range or not of size 1.</exception>
    public static Shape? Squeeze(Node node, Shape x, IReadOnlyList<long> axes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            if (!x.IsFullyKnown) return null;
            return new Shape(x.Where(d => d != 1).ToArray());
        }
        var drop = TensorArgs.Axes(node, axes, x.Rank);
        foreach (int a in drop)
        {
            if (x[a] != 1 && x[a] != Shape.Unknown)
                throw TensorArgs.Invalid(node, $"cannot squeeze axis {a} of size {x[a]} (input {x})");
        }
        return new Shape(x.Where((_, i) => Array.IndexOf(drop, i) < 0).ToArray());
    }
}

/// <summary>ONNX Unsqueeze (opset 13): inserts size-1 axes at the positions (of the output) listed in input 1.</summary>
public sealed class UnsqueezeSchema() : TensorOpSchema(OpDomains.Onnx, "Unsqueeze")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var axes = Ints(context, 1, "axes");
        if (x is null || axes is null)
        {
            SetMoved(context, null);
            return;
        }
        SetMoved(context, Unsqueeze(context.Node, x, axes), view: true);
    }

    /// <summary>The shape with size-1 axes at <paramref name="axes"/>, which count in the output's rank.</summary>
    /// <exception cref="GraphValidationException">An axis is out of range or repeated.</exception>
    public static Shape Unsqueeze(Node node, Shape x, IReadOnlyList<long> axes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(axes);
        int rank = x.Rank + axes.Count;
        var inserted = TensorArgs.Axes(node, axes, rank);
        var dims = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) dims[i] = Array.IndexOf(inserted, i) >= 0 ? 1 : x[k++];
        return new Shape(dims);
    }
}
