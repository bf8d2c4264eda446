using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Quantization;

/// <summary>
/// Writes an int8 plan in ONNX's QOperator form: integer ops with their scales and zero points as
/// inputs — QLinearConv, com.microsoft QGemm (fully connected, with the int32 bias), QLinearMatMul,
/// com.microsoft QLinearAdd/QLinearMul, QLinearAveragePool/QLinearGlobalAveragePool — on int8
/// activations and int8 weights (S8S8), with QuantizeLinear/DequantizeLinear only at the model's
/// borders and around nodes left in float.
/// </summary>
/// <remarks>
/// The QOperator model is the QDQ model with every <c>DQ → op → Q</c> group replaced by its
/// integer op, by the same recognition pass Quanta's runtime applies to QDQ models
/// (<see cref="QdqFusion"/>). One source of truth for the arithmetic: the QOperator file computes
/// exactly what Quanta computes for the QDQ file, and the conditions for an integer op (per-tensor
/// activations, per-channel weights on the output axis, bias scale = input scale × weight scale)
/// are checked in one place. A group that does not meet them stays in QDQ form, which ONNX Runtime
/// also runs. Where a fused Relu/Clip narrows the output codes (Quanta's runtime carries that as
/// the attributes <c>quanta_output_min/max</c>, which an ONNX file must not hold) an int8
/// <c>Clip</c> with the same bounds follows the integer op.
/// </remarks>
public static class OnnxQOperatorEmitter
{
    private const string OutputMin = "quanta_output_min", OutputMax = "quanta_output_max";

    /// <summary>The QOperator model of an int8 <paramref name="result"/>.</summary>
    /// <exception cref="UnsupportedException">The plan is not in int8 mode.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        var qdq = OnnxQdqEmitter.Emit(result);
        var model = qdq.Model;
        var g = model.Graph;
        QdqFusion.Run(g, model.Opset, new SessionOptions());
        ClampsAsClip(g);
        if (g.Nodes.Any(n => n.Domain == OpDomains.Microsoft)) model.Opsets[OpDomains.Microsoft] = 1;
        GraphEdits.Finish(model);
        // Float values that survive (around float nodes, at the outputs) still stand for their
        // counterparts; the integer ops' outputs are codes and are compared through the outputs.
        var observables = qdq.Observables.Where(o => g.FindValue(o.Value) is { Type: DataType.Float32 })
            .ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return new EmittedModel(model, observables);
    }

    /// <summary>Moves each fused output clamp into a following <c>Clip</c> on the codes, with
    /// bounds of the output's type (ONNX Clip accepts int8 since opset 12).</summary>
    private static void ClampsAsClip(Graph g)
    {
        foreach (var node in g.Nodes.ToList())
        {
            var a = node.Attributes;
            if (a.Find(OutputMin) is null && a.Find(OutputMax) is null) continue;
            var y = node.Outputs[0];
            var (lo, hi) = y.Type.IntegerRange();
            long min = a.GetInt(OutputMin, lo), max = a.GetInt(OutputMax, hi);
            a.Remove(OutputMin);
            a.Remove(OutputMax);
            var codes = g.AddValue(g.UniqueName(y.Name + "_unclamped"), y.Type, y.Shape);
            g.RemoveNode(node);
            var unclamped = g.AddNode(node.OpType, node.Inputs, [codes, .. node.Outputs.Skip(1)], node.Name, node.Domain);
            foreach (var (key, value) in a) unclamped.Attributes.Set(key, value);
            var minValue = g.AddConstant(g.UniqueName(y.Name + "_min"), Bound(y.Type, min));
            var maxValue = g.AddConstant(g.UniqueName(y.Name + "_max"), Bound(y.Type, max));
            g.AddNode("Clip", [codes, minValue, maxValue], [y], g.UniqueName(node.Name + "_clamp"));
        }
    }

    private static Tensor Bound(DataType type, long value) => type switch
    {
        DataType.Int8 => Tensor.Scalar((sbyte)value),
        DataType.UInt8 => Tensor.Scalar((byte)value),
        _ => throw new UnsupportedException($"an output clamp on {type} codes has no ONNX form"),
    };
}
