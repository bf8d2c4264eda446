namespace Quanta.Core;

/// <summary>
/// Rewrites float Gemm and MatMul with constant weights into TFLite FULLY_CONNECTED, whose
/// weights are [units, depth] (y = x·Wᵀ + bias): no layout change, but one op the packed GEMM
/// kernels and the TFLite exporter understand.
/// </summary>
internal static class FullyConnectedLowering
{
    /// <summary>Gemm (transA = 0, constant B, C absent or a constant bias per output column):
    /// W = alpha·B (transB = 1) or alpha·Bᵀ, bias = beta·C.</summary>
    public static bool LowerGemm(Graph graph, Node gemm)
    {
        if (gemm.Inputs.Count < 2 || gemm.Inputs[0] is not { Shape.Rank: 2 } a || gemm.Inputs[1] is not { Constant: { } b }) return false;
        if (a.Type != DataType.Float32 || a.Quant is not null || b.Type != DataType.Float32 || b.Shape.Rank != 2) return false;
        var attributes = gemm.Attributes;
        if (attributes.GetInt("transA", 0) != 0) return false;
        bool transB = attributes.GetInt("transB", 0) != 0;
        float alpha = attributes.GetFloat("alpha", 1f), beta = attributes.GetFloat("beta", 1f);
        int units = transB ? b.Shape[0] : b.Shape[1];
        var c = gemm.InputOrNull(2);
        float[]? bias = null;
        if (c is not null)
        {
            if (c.Constant is not { Type: DataType.Float32 } ct || !IsRowVector(ct.Shape, units)) return false;
            var values = ct.AsSpan<float>();
            bias = new float[units];
            for (int n = 0; n < units; n++) bias[n] = beta * values[values.Length == 1 ? 0 : n];
        }

        var weights = transB ? b : Permutation.Transpose(b, [1, 0]);
        if (alpha != 1f)
        {
            weights = weights.Clone();
            foreach (ref float v in weights.AsSpan<float>()) v *= alpha;
        }
        Lower(graph, gemm, a, weights, bias, keepNumDims: false);
        return true;
    }

    /// <summary>MatMul of a float activation (rank ≥ 2) by a constant [K, N] matrix: W = Bᵀ, keeping
    /// the activation's leading axes (keep_num_dims).</summary>
    public static bool LowerMatMul(Graph graph, Node matmul)
    {
        if (matmul.Inputs.Count != 2 || matmul.Inputs[0] is not { Shape.Rank: >= 2 } a || matmul.Inputs[1] is not { Constant: { } b }) return false;
        if (a.Type != DataType.Float32 || a.Quant is not null || b.Type != DataType.Float32 || b.Shape.Rank != 2) return false;
        Lower(graph, matmul, a, Permutation.Transpose(b, [1, 0]), null, keepNumDims: a.Shape!.Rank > 2);
        return true;
    }

    private static void Lower(Graph graph, Node node, Value input, Tensor weights, float[]? bias, bool keepNumDims)
    {
        var w = GraphEdits.NewConstant(graph, $"{node.Name}/weights", weights);
        var b = bias is null ? null : GraphEdits.NewConstant(graph, $"{node.Name}/bias", Tensor.Vector(bias));
        var fc = GraphEdits.Replace(graph, node, "FULLY_CONNECTED", OpDomains.Tflite, [input, w, b], [node.Outputs[0]]);
        fc.Attributes.Set("fused_activation_function", "NONE");
        fc.Attributes.Set("weights_format", "DEFAULT");
        fc.Attributes.Set("keep_num_dims", keepNumDims ? 1L : 0L);
    }

    /// <summary>True for a C that adds the same value to every row: [], [1], [N], [1, 1] or [1, N].</summary>
    private static bool IsRowVector(Shape shape, int units)
    {
        long count = shape.ElementCount;
        if (count != 1 && count != units) return false;
        return shape.Rank switch
        {
            0 => true,
            1 => true,
            2 => shape[0] == 1,
            _ => false,
        };
    }
}
