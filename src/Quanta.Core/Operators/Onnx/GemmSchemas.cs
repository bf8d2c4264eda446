namespace Quanta.Core;

/// <summary>
/// ONNX Gemm: Y = alpha·A'·B' + beta·C with A' = transA ? Aᵀ : A ([M, K]), B' = transB ? Bᵀ : B
/// ([K, N]) and C (optional) unidirectionally broadcastable to Y [M, N].
/// </summary>
public sealed class GemmSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "Gemm";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        context.ExpectRank(0, 2);
        context.ExpectRank(1, 2);
        var a = context.InputShape(0);
        var b = context.InputShape(1);
        bool transA = context.Attributes.GetInt("transA", 0) != 0;
        bool transB = context.Attributes.GetInt("transB", 0) != 0;
        int m = a is null ? Shape.Unknown : a[transA ? 1 : 0];
        int ka = a is null ? Shape.Unknown : a[transA ? 0 : 1];
        int kb = b is null ? Shape.Unknown : b[transB ? 1 : 0];
        int n = b is null ? Shape.Unknown : b[transB ? 0 : 1];
        if (ka != Shape.Unknown && kb != Shape.Unknown && ka != kb)
            throw context.Error($"A {a} (transA={(transA ? 1 : 0)}) and B {b} (transB={(transB ? 1 : 0)}) disagree on K ({ka} vs {kb})");
        var y = new Shape(m, n);
        var c = context.OptionalInput(2)?.Shape;
        if (c is not null)
        {
            if (c.Rank > 2) throw context.Error($"C {c} has rank above 2");
            for (int i = 0; i < c.Rank; i++)
            {
                int cd = c[i], yd = y[i + 2 - c.Rank];
                if (cd != Shape.Unknown && cd != 1 && yd != Shape.Unknown && cd != yd)
                    throw context.Error($"C {c} does not broadcast to the output [{m},{n}]");
            }
        }
        context.SetOutput(0, context.Input(0).Type, y);
    }
}

/// <summary>
/// ONNX MatMul with numpy semantics: a 1-D A is [1, K] with that axis removed afterwards, a 1-D B
/// is [K, 1] likewise, and the batch axes (all but the last two) broadcast.
/// </summary>
public sealed class MatMulSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "MatMul";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        var a = context.InputShape(0);
        var b = context.InputShape(1);
        if (a is null || b is null) { context.SetOutput(0, context.Input(0).Type, null); return; }
        context.SetOutput(0, context.Input(0).Type, OutputShape(context, a, b));
    }

    private static Shape OutputShape(InferenceContext context, Shape a, Shape b)
    {
        if (a.Rank == 0 || b.Rank == 0) throw context.Error($"MatMul needs operands of rank ≥ 1, got {a} and {b}");
        int ka = a[-1];
        int kb = b.Rank == 1 ? b[0] : b[-2];
        if (ka != Shape.Unknown && kb != Shape.Unknown && ka != kb)
            throw context.Error($"A {a} and B {b} disagree on K ({ka} vs {kb})");
        var batchA = a.Rank > 2 ? new Shape(a.Dims[..^2]) : Shape.Scalar;
        var batchB = b.Rank > 2 ? new Shape(b.Dims[..^2]) : Shape.Scalar;
        Shape batch;
        try { batch = Broadcasting.Broadcast(batchA, batchB)!; }
        catch (GraphValidationException e) { throw context.Error(e.Message); }
        var dims = new List<int>(batch.Dims.ToArray());
        if (a.Rank > 1) dims.Add(a[-2]);
        if (b.Rank > 1) dims.Add(b[-1]);
        return new Shape(dims.ToArray());
    }
}
