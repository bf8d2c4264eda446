using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// The TFLite forms of the weight-only modes, as the TFLite converter writes them:
/// <list type="bullet">
/// <item><c>float16</c>: every float32 constant of more than one element is stored as float16 and
/// read through a DEQUANTIZE to float32 (which the runtime folds at plan time).</item>
/// <item><c>dynamic</c>: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED read int8 symmetric
/// weights directly and keep float inputs, outputs and biases — TFLite's hybrid ops, which quantize
/// the input per batch row at run time (FULLY_CONNECTED with <c>asymmetric_quantize_inputs</c>).</item>
/// </list>
/// </summary>
internal static class TfliteWeightOnlyEmitter
{
    /// <summary>The float16 TFLite model of a float16 <paramref name="result"/>.</summary>
    public static EmittedModel EmitFloat16(QuantizationResult result)
    {
        var model = TfliteFloatLowering.Lower(result.FloatModel);
        var g = model.Graph;
        var read = new HashSet<Value>(g.Nodes.SelectMany(n => n.Inputs).OfType<Value>());
        foreach (var v in g.Constants.ToList())
        {
            if (v.Constant is not { Type: DataType.Float32, ElementCount: > 1 } c || !read.Contains(v) || g.Outputs.Contains(v)) continue;
            var half = g.AddConstant(g.UniqueName(v.Name + "/fp16"), OnnxFloat16Emitter.ToHalf(c));
            // The float32 value keeps its name and becomes the DEQUANTIZE's output.
            v.Constant = null;
            v.Quant = null;
            g.InsertNode(0, "DEQUANTIZE", [half], [v], g.UniqueName(v.Name + "/dequantize"), OpDomains.Tflite);
        }
        return TfliteEmission.Finish(result.FloatModel, model);
    }

    /// <summary>The dynamic-range (hybrid) TFLite model of a dynamic <paramref name="result"/>.</summary>
    public static EmittedModel EmitDynamic(QuantizationResult result)
    {
        var plan = result.Plan;
        bool perChannel = !plan.Values.Values.Any(v => v.Role == TensorRole.Weight && v.Params is { IsPerAxis: false });
        var model = TfliteFloatLowering.Lower(result.FloatModel);
        foreach (var node in model.Graph.Nodes)
        {
            if (node.OpType is not ("CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED") || !plan.IsQuantized(node.Name)) continue;
            if (node.InputOrNull(1) is not { Constant: { Type: DataType.Float32 } w } weights) continue;
            int? axis = perChannel ? (node.OpType == "DEPTHWISE_CONV_2D" ? 3 : 0) : null;
            var p = QuantScheme.Weight(w, axis);
            var data = QuantScheme.Quantize(w, DataType.Int8, p, TensorRole.Weight).WithQuant(p);
            weights.Constant = data;
            weights.Type = DataType.Int8;
            weights.Quant = p;
            if (node.OpType == "FULLY_CONNECTED") node.Attributes.Set("asymmetric_quantize_inputs", 1L);
        }
        return TfliteEmission.Finish(result.FloatModel, model);
    }
}
