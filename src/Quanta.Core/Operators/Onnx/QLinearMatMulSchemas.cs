namespace Quanta.Core;

/// <summary>
/// ONNX QLinearMatMul: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point →
/// y of y_zero_point's type, shaped as MatMul (numpy broadcasting of the batch axes).
/// </summary>
public sealed class QLinearMatMulSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "QLinearMatMul";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 3);
        var type = QLinearTypes.ZeroPointType(context, 7, DataType.Undefined, QLinearTypes.EightBit);
        if (type == DataType.Undefined) type = context.Input(0).Type;
        context.SetOutput(0, type, MatMulShapes.Infer(context, 0, 3));
    }
}

/// <summary>
/// ONNX MatMulInteger: A, B, optional a_zero_point, optional b_zero_point → int32 Y,
/// <c>Σ (A − a_zp)(B − b_zp)</c>, shaped as MatMul.
/// </summary>
public sealed class MatMulIntegerSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "MatMulInteger";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 1);
        context.SetOutput(0, DataType.Int32, MatMulShapes.Infer(context, 0, 1));
    }
}

/// <summary>
/// com.microsoft QGemm: A, a_scale, a_zero_point, B, b_scale, b_zero_point, optional int32 C,
/// optional y_scale, optional y_zero_point; attributes alpha, transA, transB →
/// <c>Y = alpha · A·B + C</c> (C at scale a_scale · b_scale), [M, N], quantized to y_zero_point's type
/// when y_zero_point is given, else float32.
/// </summary>
/// <remarks>Accepts the <c>quanta_output_min</c>/<c>quanta_output_max</c> clamp of <see cref="QLinearConvSchema"/>.</remarks>
public sealed class QGemmSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "QGemm";

    /// <inheritdoc/>
    public string Domain => OpDomains.Microsoft;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        QLinearTypes.ExpectEightBit(context, 3);
        context.ExpectRank(0, 2);
        context.ExpectRank(3, 2);
        var type = QLinearTypes.ZeroPointType(context, 8, DataType.Float32, QLinearTypes.EightBit);
        var a = context.InputShape(0);
        var b = context.InputShape(3);
        bool transA = context.Attributes.GetInt("transA", 0) != 0;
        bool transB = context.Attributes.GetInt("transB", 0) != 0;
        int m = a is null ? Shape.Unknown : a[transA ? 1 : 0];
        int ka = a is null ? Shape.Unknown : a[transA ? 0 : 1];
        int kb = b is null ? Shape.Unknown : b[transB ? 1 : 0];
        int n = b is null ? Shape.Unknown : b[transB ? 0 : 1];
        if (ka != Shape.Unknown && kb != Shape.Unknown && ka != kb)
            throw context.Error($"A {a} (transA={(transA ? 1 : 0)}) and B {b} (transB={(transB ? 1 : 0)}) disagree on K ({ka} vs {kb})");
        context.SetOutput(0, type, new Shape(m, n));
    }
}

/// <summary>MatMul's output shape for operands at any two input positions.</summary>
internal static class MatMulShapes
{
    /// <summary>The output shape of A (input <paramref name="a"/>) times B (input <paramref name="b"/>), or null when a rank is unknown.</summary>
    public static Shape? Infer(InferenceContext context, int a, int b)
    {
        var sa = context.InputShape(a);
        var sb = context.InputShape(b);
        return sa is null || sb is null ? null : MatMulSchema.OutputShape(context, sa, sb);
    }
}
