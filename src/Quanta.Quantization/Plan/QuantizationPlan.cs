using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// The quantizer's decisions for a prepared float graph: per value, how it is stored; per node,
/// whether it runs quantized. Emitters turn a float model and its plan into a quantized model in
/// one output form (ONNX QDQ or QOperator, TFLite); the plan itself knows no format.
/// </summary>
public sealed class QuantizationPlan
{
    private readonly Dictionary<string, ValueQuantization> _values;
    private readonly Dictionary<string, NodeDecision> _nodes;

    /// <summary>Creates a plan.</summary>
    public QuantizationPlan(QuantizationMode mode, DataType inputOutputType, IEnumerable<ValueQuantization> values, IEnumerable<NodeDecision> nodes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(nodes);
        Mode = mode;
        InputOutputType = inputOutputType;
        _values = values.ToDictionary(v => v.Value, StringComparer.Ordinal);
        _nodes = nodes.ToDictionary(n => n.Node, StringComparer.Ordinal);
    }

    /// <summary>The mode.</summary>
    public QuantizationMode Mode { get; }

    /// <summary>The type of the model's inputs and outputs: Float32, or Int8 for an int8 model
    /// fed and read in int8.</summary>
    public DataType InputOutputType { get; }

    /// <summary>Every quantized value, by name.</summary>
    public IReadOnlyDictionary<string, ValueQuantization> Values => _values;

    /// <summary>Every node's decision, by name.</summary>
    public IReadOnlyDictionary<string, NodeDecision> Nodes => _nodes;

    /// <summary>The quantization of value <paramref name="name"/>, or null when it stays float.</summary>
    public ValueQuantization? Find(string name) => _values.GetValueOrDefault(name);

    /// <summary>True when node <paramref name="name"/> runs quantized.</summary>
    public bool IsQuantized(string name) => _nodes.TryGetValue(name, out var d) && d.Status == NodeStatus.Quantized;
}
