using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Decides, for a prepared float graph, which nodes run quantized and with which rules
/// (<see cref="Decide"/>), which values need calibrated ranges (<see cref="ValuesToObserve"/>),
/// and, once ranges are known, every value's parameters (<see cref="Resolve"/>).
/// </summary>
internal sealed class QuantizationPlanner
{
    private readonly Graph _graph;
    private readonly QuantizationOptions _options;
    private readonly Dictionary<Node, NodeRules> _rules = [];
    private readonly HashSet<Value> _fusedValues = [];

    public QuantizationPlanner(Graph graph, QuantizationOptions options)
    {
        _graph = graph;
        _options = options;
    }

    /// <summary>Nodes that the mode would quantize but cannot, with the reason.</summary>
    public List<(Node Node, string Reason)> Unsupported { get; } = [];

    /// <summary>Applies the op quantizers and the exclusions, then fuses activations.</summary>
    public void Decide()
    {
        var context = new OpQuantizationContext(_options.Mode, _graph);
        var exclude = new HashSet<string>(_options.Exclude, StringComparer.Ordinal);
        foreach (var node in _graph.Nodes)
        {
            if (exclude.Contains(node.Name) || exclude.Contains(node.OpType))
            {
                _rules[node] = new NodeRules(node, NodeStatus.Excluded, null);
                continue;
            }
            bool weightsOnly = context.WeightsOnly;
            if (_options.Mode == QuantizationMode.Float16 || (weightsOnly && !OpQuantizerRegistry.WeightedOps.Contains(node.OpType)))
            {
                _rules[node] = new NodeRules(node, NodeStatus.Float, null);
                continue;
            }
            var quantizer = node.Domain.Length == 0 ? OpQuantizerRegistry.Find(node.OpType) : null;
            var rules = quantizer?.Quantize(node, context) ?? OpQuantization.Cannot("Quanta has no quantizer for this op");
            if (rules.Unsupported is { } reason)
            {
                // The weight-only modes leave what they cannot quantize in float; the integer
                // modes report it, so that the user chooses what stays float.
                if (!weightsOnly) Unsupported.Add((node, reason));
                _rules[node] = new NodeRules(node, NodeStatus.Float, null);
                continue;
            }
            _rules[node] = new NodeRules(node, NodeStatus.Quantized, rules);
        }
        if (!context.WeightsOnly) FuseActivations();
    }

    private void FuseActivations()
    {
        foreach (var r in _rules.Values.Where(r => r.Quantized && OpQuantizerRegistry.ActivationProducers.Contains(r.Node.OpType)))
        {
            if (r.Node.Outputs.Count != 1 || r.OutputRule(0).Kind != OutputKind.Observed) continue;
            var output = r.Node.Outputs[0];
            if (_graph.Outputs.Contains(output)) continue;
            var readers = _graph.ConsumersOf(output);
            if (readers.Count != 1 || readers[0] is not { Domain: "", OpType: "Relu" or "Clip" } activation) continue;
            if (!_rules[activation].Quantized || activation.Inputs[0] != output) continue;
            r.FusedActivation = activation;
            _rules[activation].IsFusedActivation = true;
            _fusedValues.Add(output);
        }
    }

    /// <summary>Values whose range must be calibrated: observed outputs of quantized nodes, and
    /// activations that quantized nodes read from graph inputs or float nodes.</summary>
    public IEnumerable<Value> ValuesToObserve()
    {
        var result = new HashSet<Value>();
        foreach (var r in _rules.Values.Where(r => r.Quantized))
        {
            for (int i = 0; i < r.Node.Inputs.Count; i++)
            {
                if (r.Node.Inputs[i] is not { } v || r.InputRule(i).Kind != InputKind.Activation) continue;
                if (v.IsConstant || _fusedValues.Contains(v)) continue;
                if (v.Producer is null || !_rules[v.Producer].Quantized) result.Add(v);
            }
            for (int o = 0; o < r.Node.Outputs.Count; o++)
            {
                var v = r.Node.Outputs[o];
                if (r.OutputRule(o).Kind == OutputKind.Observed && !_fusedValues.Contains(v)) result.Add(v);
            }
        }
        return _graph.Values.Where(result.Contains);
    }

    /// <summary>The plan, given each observed value's range.</summary>
    public QuantizationPlan Resolve(IReadOnlyDictionary<string, TensorRange> ranges)
    {
        var resolver = new ParameterResolver(_options, ranges);
        foreach (var node in _graph.Nodes)
        {
            var r = _rules[node];
            if (r.Quantized) resolver.Apply(r, _fusedValues);
        }
        if (_options.Mode == QuantizationMode.Float16) resolver.HalveWeights(_graph);
        var decisions = _graph.Nodes.Select(n => new NodeDecision(n.Name, n.OpType, _rules[n].Status, _rules[n].FusedActivation?.Name));
        var ioType = _options.Mode == QuantizationMode.Int8 ? _options.InputOutputType : DataType.Float32;
        return new QuantizationPlan(_options.Mode, ioType, resolver.Values, decisions);
    }
}
