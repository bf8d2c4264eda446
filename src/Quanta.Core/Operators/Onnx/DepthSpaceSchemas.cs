namespace Quanta.Core;

/// <summary>ONNX DepthToSpace (NCHW): <c>[N, C, H, W] → [N, C/b², H·b, W·b]</c>; mode DCR (depth
/// is split as [b, b, C/b²], the default) or CRD ([C/b², b, b]).</summary>
public sealed class DepthToSpaceSchema() : TensorOpSchema(OpDomains.Onnx, "DepthToSpace")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string mode = context.Attributes.GetString("mode", "DCR");
        if (mode is not ("DCR" or "CRD")) throw context.Error($"mode '{mode}' is neither DCR nor CRD");
        SetMoved(context, DepthToSpace(context, context.InputShape(0), 1, 2, 3));
    }

    /// <summary>The shape after moving depth into b×b blocks of space; axes name channels, height and width.</summary>
    /// <exception cref="GraphValidationException">Not rank 4, block size below 1, or channels not divisible by b².</exception>
    public static Shape? DepthToSpace(InferenceContext context, Shape? x, int c, int h, int w)
    {
        ArgumentNullException.ThrowIfNull(context);
        int b = BlockSize(context);
        if (x is null) return null;
        context.ExpectRank(0, 4);
        if (x[c] != Shape.Unknown && x[c] % (b * b) != 0)
            throw context.Error($"channels {x[c]} of {x} are not divisible by blocksize² = {b * b}");
        var dims = x.ToArray();
        dims[c] = Scale(x[c], 1, b * b);
        dims[h] = Scale(x[h], b, 1);
        dims[w] = Scale(x[w], b, 1);
        return new Shape(dims);
    }

    /// <summary>The block size attribute (blocksize in ONNX, block_size in TFLite), at least 1.</summary>
    public static int BlockSize(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long b = context.Node.Domain == OpDomains.Tflite ? context.Attributes.GetInt("block_size") : context.Attributes.GetInt("blocksize");
        if (b < 1 || b > 65536) throw context.Error($"block size {b} must be at least 1");
        return (int)b;
    }

    /// <summary>d·multiply/divide, unknown staying unknown.</summary>
    public static int Scale(int d, int multiply, int divide) => d == Shape.Unknown ? Shape.Unknown : checked(d * multiply / divide);
}

/// <summary>ONNX SpaceToDepth (NCHW): <c>[N, C, H, W] → [N, C·b², H/b, W/b]</c>, the block offsets
/// outermost in the new depth (the inverse of DCR DepthToSpace).</summary>
public sealed class SpaceToDepthSchema() : TensorOpSchema(OpDomains.Onnx, "SpaceToDepth")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetMoved(context, SpaceToDepth(context, context.InputShape(0), 1, 2, 3));
    }

    /// <summary>The shape after moving b×b blocks of space into depth.</summary>
    /// <exception cref="GraphValidationException">Not rank 4, or height/width not divisible by b.</exception>
    public static Shape? SpaceToDepth(InferenceContext context, Shape? x, int c, int h, int w)
    {
        ArgumentNullException.ThrowIfNull(context);
        int b = DepthToSpaceSchema.BlockSize(context);
        if (x is null) return null;
        context.ExpectRank(0, 4);
        foreach (int a in new[] { h, w })
        {
            if (x[a] != Shape.Unknown && x[a] % b != 0)
                throw context.Error($"spatial size {x[a]} of {x} is not divisible by block size {b}");
        }
        var dims = x.ToArray();
        dims[c] = DepthToSpaceSchema.Scale(x[c], b * b, 1);
        dims[h] = DepthToSpaceSchema.Scale(x[h], 1, b);
        dims[w] = DepthToSpaceSchema.Scale(x[w], 1, b);
        return new Shape(dims);
    }
}
