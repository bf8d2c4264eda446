using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Writes an int8 plan in ONNX's QDQ form: every quantized value passes through
/// QuantizeLinear → DequantizeLinear, weights and biases are stored as integers behind a
/// DequantizeLinear, and the float ops stay between them. ONNX Runtime (and Quanta's runtime)
/// fuse each <c>DQ → op → Q</c> into an integer kernel.
/// </summary>
/// <remarks>
/// Activations and weights are both int8 (S8S8): ONNX Runtime's u8×s8 kernels on AVX2 machines
/// without VNNI saturate 16-bit pair sums when weights use the full int8 range. A value produced
/// by a quantized node is read through its DequantizeLinear by every reader; a value from a graph
/// input or a float (excluded) node is read that way by quantized readers only, float readers
/// keep the float value. A Relu or Clip fused into its producer stays in the graph until
/// <see cref="ActivationFusion"/> removes it where the QuantizeLinear after it clamps exactly the
/// same. Graph outputs keep their names (float, or int8 with an int8 interface).
/// </remarks>
public static class OnnxQdqEmitter
{
    /// <summary>The QDQ model of an int8 <paramref name="result"/>.</summary>
    /// <exception cref="UnsupportedException">The plan is not in int8 mode.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plan = result.Plan;
        if (plan.Mode != QuantizationMode.Int8)
            throw new UnsupportedException($"the QDQ form holds int8 models; this plan is {QuantizationModes.NameOf(plan.Mode)}");
        var model = result.FloatModel.Clone();
        var g = model.Graph;
        var builder = new QdqBuilder(g);
        var readers = g.BuildConsumerMap();
        var observables = new Dictionary<string, Value>(StringComparer.Ordinal);
        var planned = GraphEdits.PlannedValues(g, plan);
        // A bias's scale is computed from its reader's data and weight inputs: note them before
        // rerouting replaces them by DequantizeLinear outputs.
        var biasOperands = new Dictionary<Value, (Value?, Value?)>();
        foreach (var (v, q) in planned)
        {
            if (q.Role == TensorRole.Bias && readers.GetValueOrDefault(v) is [var reader]) biasOperands[v] = (reader.InputOrNull(0), reader.InputOrNull(1));
        }
        foreach (var (v, q) in planned)
        {
            var current = readers.GetValueOrDefault(v) ?? [];
            if (v.IsConstant) QuantizeConstant(g, builder, v, q, current, plan, biasOperands.GetValueOrDefault(v));
            else observables[q.Value] = QuantizeActivation(g, builder, v, q, current, plan);
        }
        GraphEdits.Finish(model);
        new ActivationFusion().Run(g);
        GraphEdits.Finish(model);
        return new EmittedModel(model, observables.Where(o => g.FindValue(o.Value.Name) == o.Value)
            .ToDictionary(o => o.Key, o => o.Value.Name, StringComparer.Ordinal));
    }

    private static void QuantizeConstant(Graph g, QdqBuilder builder, Value v, ValueQuantization q, List<Node> readers, QuantizationPlan plan,
        (Value? X, Value? W) biasOperands)
    {
        var data = QuantScheme.Quantize(v.Constant!, q.Type, q.Params!, q.Role);
        var stored = g.AddConstant(builder.Name("w"), data.WithQuant(null));
        var dq = q.Role == TensorRole.Bias && BiasScale(g, builder, biasOperands.X, biasOperands.W, plan) is { } scale
            ? builder.DequantizeBias(stored, scale)
            : builder.Dequantize(stored, q.Params!, v.Name, withZeroPoint: q.Role == TensorRole.Activation);
        foreach (var r in readers)
        {
            if (q.Role != TensorRole.Activation || plan.IsQuantized(r.Name)) GraphEdits.Reroute(r, v, dq);
        }
    }

    /// <summary>
    /// The bias scale as <c>Mul(input_scale, weight_scale)</c> of the constants the input's and the
    /// weights' DequantizeLinear nodes read: the same float32 product the plan holds, computed
    /// by the runtime when it folds constants (ONNX Runtime folds it before fusing the QDQ group)
    /// instead of stored — per-channel bias scales would otherwise add 4 bytes per channel, which
    /// for MobileNets is a visible share of the int8 file.
    /// </summary>
    private static Value? BiasScale(Graph g, QdqBuilder builder, Value? x, Value? w, QuantizationPlan plan)
    {
        if (x is null || w is null) return null;
        if (plan.Find(x.Name) is not { Params: { } xp } xq || plan.Find(w.Name) is not { Params: { } wp }) return null;
        var (inputScale, _) = builder.Parameters(x.Name, xp, xq.Type);
        var (weightScale, _) = builder.Parameters(w.Name, wp, DataType.Int8, withZeroPoint: false);
        var product = g.AddValue(builder.Name("s"), DataType.Float32, weightScale.Shape);
        g.AddNode("Mul", [inputScale, weightScale], [product], builder.Name("Mul"));
        return product;
    }

    /// <returns>The float32 value standing for <paramref name="v"/> in the quantized graph.</returns>
    private static Value QuantizeActivation(Graph g, QdqBuilder builder, Value v, ValueQuantization q, List<Node> readers, QuantizationPlan plan)
    {
        var p = q.Params!;
        bool int8Interface = plan.InputOutputType == DataType.Int8;
        if (g.Inputs.Contains(v) && int8Interface)
        {
            // The caller feeds int8 with these parameters; Value.Quant records them for feeders.
            v.Type = q.Type;
            v.Quant = p;
            var input = builder.Dequantize(v, p, v.Name);
            foreach (var r in readers) GraphEdits.Reroute(r, v, input);
            return input;
        }
        bool producedQuantized = v.Producer is not null && plan.IsQuantized(v.Producer.Name);
        string name = v.Name;
        bool isOutput = g.Outputs.Contains(v);
        if (isOutput) g.RenameValue(v, g.UniqueName(name + "_float"));
        var quantized = builder.Quantize(v, p, q.Type, isOutput && int8Interface ? name : null);
        var dequantized = builder.Dequantize(quantized, p, name, isOutput && !int8Interface ? name : null);
        foreach (var r in readers)
        {
            if (producedQuantized || plan.IsQuantized(r.Name)) GraphEdits.Reroute(r, v, dequantized);
        }
        if (isOutput) GraphEdits.ReplaceOutput(g, v, int8Interface ? quantized : dequantized);
        if (isOutput && int8Interface) quantized.Quant = p;
        return dequantized;
    }
}
