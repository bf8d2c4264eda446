using Quanta.Core;

namespace Quanta.Formats.Onnx;

/// <summary>
/// A node as read from the file, before it enters the graph: the opset upgrader edits it (moves
/// attributes to inputs, renames the op) or replaces it with several nodes.
/// </summary>
internal sealed class OnnxNodeSpec
{
    public OnnxNodeSpec(string opType, string domain, string name)
    {
        OpType = opType;
        Domain = domain;
        Name = name;
    }

    public string OpType { get; set; }

    public string Domain { get; set; }

    /// <summary>The node's name; empty when the file gives none (the graph makes one up).</summary>
    public string Name { get; set; }

    /// <summary>Input values; null for an absent optional input.</summary>
    public List<Value?> Inputs { get; } = [];

    public List<Value> Outputs { get; } = [];

    public Dictionary<string, AttributeValue> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>"Softmax node 'sm'", or "Softmax node #3" for a node without a name.</summary>
    public string Label { get; init; } = "";

    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    /// <summary>Removes an attribute and returns its value, or null when absent.</summary>
    public AttributeValue? Take(string attribute) => Attributes.Remove(attribute, out var v) ? v : null;

    /// <summary>Sets input <paramref name="index"/>, padding the list with absent inputs.</summary>
    public void SetInput(int index, Value? value)
    {
        while (Inputs.Count <= index) Inputs.Add(null);
        Inputs[index] = value;
    }

    public Value? Input(int index) => index < Inputs.Count ? Inputs[index] : null;

    /// <summary>An integer attribute's value, or <paramref name="fallback"/>.</summary>
    public long Int(string attribute, long fallback) => Attributes.GetValueOrDefault(attribute)?.Value switch
    {
        long l => l,
        _ => fallback,
    };

    /// <summary>A copy of this spec with another op type and its own inputs, outputs and name.</summary>
    public OnnxNodeSpec Derive(string opType, string name) => new(opType, Domain, name) { Label = Label };
}
