namespace Quanta.Core;

/// <summary>ONNX Expand: input 0 broadcast (numpy rules, both ways) with the shape in input 1.</summary>
public sealed class ExpandSchema() : TensorOpSchema(OpDomains.Onnx, "Expand")
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dims = Ints(context, 1, "shape");
        var x = context.InputShape(0);
        Shape? target;
        if (dims is not null)
        {
            target = new Shape(dims.Select(d => TensorArgs.Dim(context.Node, d, "shape dimension")).ToArray());
        }
        else
        {
            var s = context.InputShape(1);
            target = s is { Rank: 1 } && s[0] != Shape.Unknown ? new Shape(Enumerable.Repeat(Shape.Unknown, s[0]).ToArray()) : null;
        }
        try { SetMoved(context, Broadcasting.Broadcast(x, target)); }
        catch (GraphValidationException e) { throw context.Error(e.Message); }
    }
}

/// <summary>ONNX Tile: input 0 repeated along each axis the number of times in input 1.</summary>
public sealed class TileSchema(string domain = OpDomains.Onnx, string opType = "Tile") : TensorOpSchema(domain, opType)
{
    /// <inheritdoc/>
    public override IReadOnlyList<int> ShapeInputs => [1];

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.InputShape(0);
        var repeats = Ints(context, 1, "repeats");
        if (x is null || repeats is null)
        {
            SetMoved(context, x is null ? null : new Shape(Enumerable.Repeat(Shape.Unknown, x.Rank).ToArray()));
            return;
        }
        if (repeats.Length != x.Rank)
            throw context.Error($"repeats has {repeats.Length} values for an input of rank {x.Rank}");
        var dims = new int[x.Rank];
        for (int a = 0; a < dims.Length; a++)
        {
            if (repeats[a] < 0) throw context.Error($"repeat {repeats[a]} of axis {a} is negative");
            dims[a] = x[a] == Shape.Unknown ? Shape.Unknown : TensorArgs.Dim(context.Node, x[a] * repeats[a], "tiled dimension");
        }
        SetMoved(context, new Shape(dims));
    }
}
