namespace Quanta.Core;

/// <summary>
/// The fully connected rewrites of <see cref="NhwcQuantizedLowering"/>: int8 QGemm (com.microsoft; A,
/// a_scale, a_zp, B, b_scale, b_zp, [C], y_scale, y_zp) and QLinearMatMul (a, a_scale, a_zp, b,
/// b_scale, b_zp, y_scale, y_zp) over a 2-D activation and constant symmetric weights →
/// FULLY_CONNECTED with [N, K] weights (per tensor or per output column), the int32 bias, and the
/// float output stage. No layout change: the activation is [M, K] either way.
/// </summary>
internal static class QuantizedFullyConnectedLowering
{
    /// <summary>QGemm with alpha 1, transA 0 and a quantized output.</summary>
    public static bool LowerQGemm(Graph graph, Node gemm)
    {
        if (gemm.Attributes.GetFloat("alpha", 1f) != 1f || gemm.Attributes.GetInt("transA", 0) != 0) return false;
        if (gemm.InputOrNull(7) is null) return false;
        bool transB = gemm.Attributes.GetInt("transB", 0) != 0;
        return Lower(graph, gemm, transB, biasIndex: 6, outputScale: 7);
    }

    /// <summary>QLinearMatMul of a 2-D activation by a constant 2-D matrix.</summary>
    public static bool LowerQLinearMatMul(Graph graph, Node matMul) => Lower(graph, matMul, transB: false, biasIndex: -1, outputScale: 6);

    private static bool Lower(Graph graph, Node node, bool transB, int biasIndex, int outputScale)
    {
        if (node.Outputs.Count != 1 || node.Inputs[0] is not { Shape.Rank: 2 } a || node.InputOrNull(3) is not { Constant: { Type: DataType.Int8, Shape.Rank: 2 } b }) return false;
        var y = node.Outputs[0];
        if (!QuantParamsAnnotation.Carries(a, QuantParamsAnnotation.Read(node, 1, 2)) || !QuantParamsAnnotation.Carries(y, QuantParamsAnnotation.Read(node, outputScale, outputScale + 1))) return false;
        int k = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (a.Shape![1] != k) return false;
        if (NhwcQuantizedLowering.WeightScales(node, 4, 5, n) is not { } scales) return false;
        Value? bias = null;
        if (biasIndex >= 0 && !NhwcQuantizedLowering.Bias(graph, node, biasIndex, n, out bias)) return false;
        // FULLY_CONNECTED's weights are [N, K] (output channel first), B's [K, N] unless transposed.
        var weights = NhwcQuantizedLowering.Weights(graph, node, transB ? b : Permutation.Transpose(b, [1, 0]), scales, axis: 0);
        var lowered = GraphEdits.Replace(graph, node, "FULLY_CONNECTED", OpDomains.Tflite, [a, weights, bias], [y]);
        NhwcQuantizedLowering.SetFp32Epilogue(node, lowered);
        return true;
    }
}
