using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Turns rules and calibrated ranges into parameters, node by node in graph order (an
/// output that shares its input's parameters needs the input's first).</summary>
internal sealed class ParameterResolver(QuantizationOptions options, IReadOnlyDictionary<string, TensorRange> ranges)
{
    private readonly Dictionary<string, ValueQuantization> _values = new(StringComparer.Ordinal);

    public IEnumerable<ValueQuantization> Values => _values.Values;

    private DataType ActivationType => options.Mode == QuantizationMode.Int16x8 ? DataType.Int16 : DataType.Int8;

    private DataType BiasType => options.Mode == QuantizationMode.Int16x8 ? DataType.Int64 : DataType.Int32;

    public void Apply(NodeRules r, HashSet<Value> fused)
    {
        var node = r.Node;
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is { } v && r.InputRule(i).Kind == InputKind.Activation && !fused.Contains(v)) EnsureActivation(v);
        }
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is { } w && r.InputRule(i) is { Kind: InputKind.Weight } rule)
                _values[w.Name] = new ValueQuantization(w.Name, DataType.Int8, QuantScheme.Weight(w.Constant!, options.PerChannel ? rule.Axis : null), TensorRole.Weight);
        }
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Inputs[i] is { } b && r.InputRule(i) is { Kind: InputKind.Bias } rule) AddBias(node, b, rule);
        }
        for (int o = 0; o < node.Outputs.Count; o++)
        {
            var v = node.Outputs[o];
            if (fused.Contains(v)) continue;
            var rule = r.OutputRule(o);
            switch (rule.Kind)
            {
                case OutputKind.Observed:
                    EnsureActivation(v);
                    break;
                case OutputKind.SameAsInput:
                    var source = node.Inputs[rule.Input]!;
                    var p = _values[source.Name];
                    _values[v.Name] = p with { Value = v.Name };
                    break;
                case OutputKind.Fixed:
                    _values[v.Name] = new ValueQuantization(v.Name, ActivationType, ActivationType == DataType.Int16 ? rule.Int16 : rule.Int8, TensorRole.Activation);
                    break;
            }
        }
    }

    /// <summary>Float16 mode: every float32 constant of more than one element is stored as half.</summary>
    public void HalveWeights(Graph graph)
    {
        var read = new HashSet<Value>(graph.Nodes.SelectMany(n => n.Inputs).OfType<Value>());
        foreach (var c in graph.Constants)
        {
            if (c.Constant is { Type: DataType.Float32, ElementCount: > 1 } && read.Contains(c))
                _values[c.Name] = new ValueQuantization(c.Name, DataType.Float16, null, TensorRole.Weight);
        }
    }

    private void EnsureActivation(Value v)
    {
        if (_values.ContainsKey(v.Name)) return;
        TensorRange range;
        if (v.Constant is { } c)
        {
            var data = c.ToFloatArray();
            range = data.Length == 0 ? new TensorRange(0, 0) : new TensorRange(data.Min(), data.Max());
        }
        else if (!ranges.TryGetValue(v.Name, out range))
        {
            throw new InvalidOperationException($"no calibrated range for '{v.Name}'");
        }
        _values[v.Name] = new ValueQuantization(v.Name, ActivationType, QuantScheme.Activation(range, ActivationType), TensorRole.Activation, range);
    }

    private void AddBias(Node node, Value bias, InputRule rule)
    {
        var input = _values[node.Inputs[rule.DataInput]!.Name].Params!;
        var weight = _values[node.Inputs[rule.WeightInput]!.Name].Params!;
        int channels = (int)bias.Constant!.ElementCount;
        _values[bias.Name] = new ValueQuantization(bias.Name, BiasType, QuantScheme.Bias(input, weight, channels), TensorRole.Bias);
    }
}
