using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// DQ → MaxPool | Flatten | Reshape | Transpose | Squeeze | Unsqueeze | Identity | Concat → Q with the same
/// parameters  ⇒  the op itself on the 8-bit codes (its kernels are registered for every type).
/// </summary>
/// <remarks>
/// Exact: these ops only move or select values (MaxPool's max commutes with the monotone DQ and Q), and
/// with equal per-tensor parameters Q(DQ(q)) = q for every code (|q − zp| ≤ 255, so the float round trip
/// errs by far less than half a step; <see cref="QdqParams.Read"/> admits only normal scales).
/// Conditions: every data input (all of Concat's, the first of the others) is a DequantizeLinear with
/// exactly the QuantizeLinear's per-tensor parameters, and the op's only reader is that QuantizeLinear.
/// </remarks>
internal static class QdqDataMovementPattern
{
    /// <summary>Fuses the group around a data-movement op; false when a condition fails.</summary>
    public static bool TryFuse(QdqRewriter r, Node op)
    {
        if (op.Domain.Length != 0 || op.Outputs.Count != 1) return false;
        int dataInputs = op.OpType switch
        {
            "Concat" => op.Inputs.Count,
            "MaxPool" or "Flatten" or "Reshape" or "Transpose" or "Squeeze" or "Unsqueeze" or "Identity" => 1,
            _ => 0,
        };
        if (dataInputs == 0) return false;
        var stage = QdqOutputStage.Match(r, op.Outputs[0], allowActivation: false);
        if (stage is null) return false;
        var inputs = op.Inputs.ToArray();
        for (int i = 0; i < dataInputs; i++)
        {
            var dq = QdqRewriter.Dequantized(op.Inputs[i]);
            if (dq is null || !dq.SamePerTensor(stage.Output)) return false;
            inputs[i] = dq.Data;
        }
        r.Replace($"DQ-{op.OpType}-Q", op, [op, .. stage.Nodes], op.OpType, OpDomains.Onnx, inputs, stage.Output.Data, a =>
        {
            foreach (var (key, value) in op.Attributes) a.Set(key, value);
        });
        return true;
    }
}
