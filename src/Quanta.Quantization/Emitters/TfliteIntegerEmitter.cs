using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Writes an <c>int8</c> or <c>int16x8</c> plan as a TFLite-domain graph (NHWC), the form the
/// TFLite converter produces: quantized ops on int8 (int16) tensors, CONV_2D and FULLY_CONNECTED
/// weights int8 symmetric per output channel (quantized dimension 0), DEPTHWISE_CONV_2D weights
/// per channel along dimension 3, biases int32 (int64 for 16x8) with scale input_scale ×
/// weight_scale and zero point 0, and QUANTIZE/DEQUANTIZE wherever float and quantized tensors meet
/// (float model inputs and outputs, excluded nodes).
/// </summary>
/// <remarks>
/// Activation parameters are the plan's, found through <see cref="TflitePlanMapping"/>. Ops that
/// only move data (RESHAPE, TRANSPOSE, PAD, PADV2, MAX_POOL_2D, AVERAGE_POOL_2D) take their input's
/// parameters, as TFLite's kernels require. Nodes the plan leaves in float, and nodes the lowering
/// added in front of them, stay float.
/// </remarks>
internal sealed class TfliteIntegerEmitter
{
    private static readonly HashSet<string> s_dataMovement = new(StringComparer.Ordinal) { "RESHAPE", "TRANSPOSE", "PAD", "PADV2", "MAX_POOL_2D", "AVERAGE_POOL_2D", "SQUEEZE" };
    private static readonly HashSet<string> s_activations = new(StringComparer.Ordinal) { "RELU", "RELU6", "RELU_N1_TO_1" };

    private readonly QuantizationPlan _plan;
    private readonly Graph _g;
    private readonly DataType _activationType, _biasType;
    private readonly bool _perChannel;
    private readonly Dictionary<Value, Value> _quantized = [];
    private readonly Dictionary<Value, Value> _dequantized = [];

    private TfliteIntegerEmitter(QuantizationPlan plan, Graph g)
    {
        _plan = plan;
        _g = g;
        _activationType = plan.Mode == QuantizationMode.Int16x8 ? DataType.Int16 : DataType.Int8;
        _biasType = plan.Mode == QuantizationMode.Int16x8 ? DataType.Int64 : DataType.Int32;
        _perChannel = !plan.Values.Values.Any(v => v.Role == TensorRole.Weight && v.Params is { IsPerAxis: false });
    }

    /// <summary>The TFLite-domain integer model of an int8 or int16x8 <paramref name="result"/>.</summary>
    /// <exception cref="UnsupportedException">The mode is not integer, or an op has no TFLite lowering.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Plan.Mode.NeedsCalibration())
            throw new UnsupportedException($"the integer TFLite form holds int8 and int16x8 models; this plan is {QuantizationModes.NameOf(result.Plan.Mode)}");
        var model = TfliteFloatLowering.Lower(result.FloatModel);
        new TfliteIntegerEmitter(result.Plan, model.Graph).Run();
        return TfliteEmission.Finish(result.FloatModel, model);
    }

    private void Run()
    {
        if (_plan.InputOutputType == DataType.Int8)
        {
            foreach (var input in _g.Inputs)
            {
                if (TflitePlanMapping.Find(_plan, input) is { Params: { } p } q)
                {
                    input.Type = q.Type;
                    input.Quant = p;
                }
            }
        }
        foreach (var node in _g.Nodes.ToList())
        {
            if (IsQuantized(node)) QuantizeNode(node);
            else FloatNode(node);
        }
        FixOutputs();
        _g.SortTopologically();
        _g.RemoveDeadCode();
    }

    private bool IsQuantized(Node node)
    {
        if (_plan.Nodes.ContainsKey(node.Name)) return _plan.IsQuantized(node.Name);
        // A node the lowering added (boundary RESHAPE/TRANSPOSE, PAD before a window) follows its
        // data input: quantized when that is, or when the plan has a range for it (a float model
        // input read by a quantized node: the QUANTIZE then goes before the added node).
        return node.InputOrNull(0) is { IsConstant: false } x
            && (IsStoredQuantized(x) || TflitePlanMapping.Find(_plan, x) is { Params: not null, Type: DataType.Int8 or DataType.Int16 });
    }

    private static bool IsStoredQuantized(Value v) => v.Type != DataType.Float32 && v.Quant is not null;

    private void QuantizeNode(Node node)
    {
        bool weighted = node.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED";
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is not { } v) continue;
            if (!v.IsConstant) node.Inputs[i] = Quantized(v);
        }
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is not { Constant: { Type: DataType.Float32 } } c) continue;
            if (weighted && i == 1) QuantizeWeights(node, c);
            else if (weighted && i == 2) continue;
            else if (node.OpType == "PADV2" && i == 2) node.Inputs[i] = QuantizedConstant(c, node.Inputs[0]!.Quant!, node.Inputs[0]!.Type);
            else node.Inputs[i] = QuantizedConstant(c, ConstantParams(c), _activationType);
        }
        if (weighted && node.InputOrNull(2) is { Constant: { Type: DataType.Float32 } } bias) QuantizeBias(node, bias);
        foreach (var output in node.Outputs)
        {
            var p = OutputParams(node, output);
            output.Type = _activationType;
            output.Quant = p;
        }
    }

    private void FloatNode(Node node)
    {
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is { IsConstant: false } v && IsStoredQuantized(v)) node.Inputs[i] = Dequantized(v);
        }
    }

    private QuantParams OutputParams(Node node, Value output)
    {
        if (s_dataMovement.Contains(node.OpType) && node.Inputs[0]?.Quant is { } same) return same;
        if (TflitePlanMapping.Find(_plan, output) is { Params: { } p }) return p;
        // An activation the plan fused into this node but the lowering could not: the clamp's range.
        var readers = _g.ConsumersOf(output);
        if (readers.Count == 1 && s_activations.Contains(readers[0].OpType) && TflitePlanMapping.Find(_plan, readers[0].Outputs[0]) is { Params: { } fused })
            return fused;
        throw new UnsupportedException($"{node.OpType} '{node.Name}': the plan has no calibrated range for its output '{output.Name}'");
    }

    private Value Quantized(Value v)
    {
        if (IsStoredQuantized(v)) return v;
        if (_quantized.TryGetValue(v, out var done)) return done;
        var q = TflitePlanMapping.Find(_plan, v) is { Params: { } p } entry && entry.Type is DataType.Int8 or DataType.Int16
            ? (entry.Type, p)
            : throw new UnsupportedException($"value '{v.Name}' is read by a quantized node but the plan has no calibrated range for it");
        var result = _g.AddValue(_g.UniqueName($"{v.Name}/quantized"), q.Type, v.Shape);
        result.Quant = q.p;
        _g.AddNode("QUANTIZE", [v], [result], result.Name, OpDomains.Tflite);
        _quantized[v] = result;
        return result;
    }

    private Value Dequantized(Value v)
    {
        if (_dequantized.TryGetValue(v, out var done)) return done;
        var result = _g.AddValue(_g.UniqueName($"{v.Name}/dequantized"), DataType.Float32, v.Shape);
        _g.AddNode("DEQUANTIZE", [v], [result], result.Name, OpDomains.Tflite);
        _dequantized[v] = result;
        return result;
    }

    private void QuantizeWeights(Node node, Value w)
    {
        int? axis = _perChannel ? (node.OpType == "DEPTHWISE_CONV_2D" ? 3 : 0) : null;
        var p = QuantScheme.Weight(w.Constant!, axis);
        var data = QuantScheme.Quantize(w.Constant!, DataType.Int8, p, TensorRole.Weight);
        Store(w, data, p);
    }

    private void QuantizeBias(Node node, Value b)
    {
        var input = node.Inputs[0]!.Quant!;
        var weight = node.Inputs[1]!.Quant!;
        int channels = (int)b.Constant!.ElementCount;
        var p = weight.IsPerAxis ? QuantScheme.Bias(input, weight, channels) : new QuantParams(input.Scale * weight.Scale, 0);
        Store(b, QuantScheme.Quantize(b.Constant!, _biasType, p, TensorRole.Bias), p);
    }

    /// <summary>Replaces a constant's data in place (each weight and bias has one reader).</summary>
    private static void Store(Value v, Tensor data, QuantParams p)
    {
        v.Constant = data.WithQuant(p);
        v.Type = data.Type;
        v.Quant = p;
    }

    private Value QuantizedConstant(Value c, QuantParams p, DataType type)
    {
        var data = QuantScheme.Quantize(c.Constant!, type, p).WithQuant(p);
        var value = _g.AddConstant(_g.UniqueName($"{c.Name}/quantized"), data);
        return value;
    }

    private QuantParams ConstantParams(Value c)
    {
        if (TflitePlanMapping.Find(_plan, c) is { Params: { } p }) return p;
        var data = c.Constant!.ToFloatArray();
        var range = data.Length == 0 ? new TensorRange(0, 0) : new TensorRange(data.Min(), data.Max());
        return QuantScheme.Activation(range, _activationType);
    }

    /// <summary>Float outputs for a float interface (DEQUANTIZE), int8 ones for an int8 interface
    /// (QUANTIZE), keeping the output names.</summary>
    private void FixOutputs()
    {
        bool int8Interface = _plan.InputOutputType == DataType.Int8;
        for (int k = 0; k < _g.Outputs.Count; k++)
        {
            var v = _g.Outputs[k];
            bool quantized = IsStoredQuantized(v);
            if (quantized == int8Interface) continue;
            string name = v.Name;
            var p = quantized ? null : TflitePlanMapping.Find(_plan, v)?.Params
                ?? throw new UnsupportedException($"output '{name}' stays float but the plan has no range to give it an int8 interface");
            _g.RenameValue(v, _g.UniqueName(name + (quantized ? "/int" : "/float")));
            var output = _g.AddValue(name, quantized ? DataType.Float32 : DataType.Int8, v.Shape);
            if (quantized)
            {
                _g.AddNode("DEQUANTIZE", [v], [output], name + "/dequantize", OpDomains.Tflite);
            }
            else
            {
                output.Quant = p;
                _g.AddNode("QUANTIZE", [v], [output], name + "/quantize", OpDomains.Tflite);
            }
            _g.Outputs[k] = output;
        }
    }
}
