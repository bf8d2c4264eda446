using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ(A), DQ(B), [DQ(int32 bias)] → Gemm → [Relu | Clip] → Q, and DQ(A), DQ(B) → MatMul → Add(DQ(int32
/// bias)) → [Relu | Clip] → Q  ⇒  com.microsoft QGemm (A·B + C, requantized, with output clamp).
/// </summary>
/// <remarks>
/// QGemm rather than QLinearMatMul plus an integer Add: it carries the int32 bias into the accumulator
/// and handles transA/transB and per-column weight scales in one op, as ONNX Runtime's QDQ fusion does.
/// Conditions: A per tensor, 2-D; B constant, 2-D, per tensor or per output column (axis 0 when
/// transB, else 1); alpha = beta = 1; the bias as <see cref="QdqBias"/> requires. A MatMul without
/// a bias becomes QLinearMatMul (<see cref="QdqMatMulPattern"/>).
/// </remarks>
internal static class QdqGemmPattern
{
    /// <summary>The pattern's name for Gemm in <see cref="QdqFusionRecord"/>.</summary>
    public const string Name = "DQ-Gemm-Q";

    /// <summary>The pattern's name for MatMul + Add.</summary>
    public const string MatMulAddName = "DQ-MatMul-Add-Q";

    /// <summary>Fuses the group around a Gemm, or a MatMul followed by a bias Add; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node op)
    {
        if (op.Domain.Length != 0 || op.Outputs.Count != 1) return false;
        bool transB;
        Value? biasInput;
        Node? add = null;
        Value result;
        if (op.OpType == "Gemm")
        {
            var attrs = op.Attributes;
            if (attrs.GetFloat("alpha", 1f) != 1f || (op.InputOrNull(2) is not null && attrs.GetFloat("beta", 1f) != 1f)) return false;
            transB = attrs.GetInt("transB", 0) != 0;
            biasInput = op.InputOrNull(2);
            result = op.Outputs[0];
        }
        else if (op.OpType == "MatMul")
        {
            add = r.SoleReader(op.Outputs[0]);
            if (add is not { Domain: "", OpType: "Add" }) return false;
            transB = false;
            biasInput = ReferenceEquals(add.Inputs[0], op.Outputs[0]) ? add.Inputs[1] : add.Inputs[0];
            result = add.Outputs[0];
        }
        else
        {
            return false;
        }

        var a = QdqRewriter.Dequantized(op.Inputs[0]);
        var b = QdqRewriter.Dequantized(op.Inputs[1]);
        if (a is null || !a.IsPerTensor || !a.IsEightBit || a.Data.Shape?.Rank != 2) return false;
        if (b is null || !b.IsEightBit || b.Data.Constant is null || b.Data.Shape is not { Rank: 2 } bShape) return false;
        int n = transB ? bShape[0] : bShape[1];
        if (!b.IsPerTensor && (b.Axis != (transB ? 0 : 1) || b.Scales.Length != n)) return false;
        if (!QdqBias.Match(biasInput, a, b, n, out var bias) || (add is not null && bias is null)) return false;
        var stage = QdqOutputStage.Match(r, result);
        if (stage is null) return false;

        var y = stage.Output;
        var removed = add is null ? new List<Node> { op } : [op, add];
        removed.AddRange(stage.Nodes);
        Value?[] inputs =
        [
            a.Data, a.Scale, a.ZeroPointValue(r.Graph),
            b.Data, b.Scale, b.ZeroPointValue(r.Graph),
            bias,
            y.Scale, y.ZeroPointValue(r.Graph),
        ];
        r.Replace(add is null ? Name : MatMulAddName, op, removed, "QGemm", OpDomains.Microsoft, inputs, y.Data, attrs =>
        {
            attrs.Set("transA", op.OpType == "Gemm" ? op.Attributes.GetInt("transA", 0) : 0);
            attrs.Set("transB", transB ? 1 : 0);
            attrs.Set("alpha", 1f);
            stage.SetClamp(attrs);
        });
        return true;
    }
}
