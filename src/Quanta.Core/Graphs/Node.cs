namespace Quanta.Core;

/// <summary>One operation in a graph: an op type, inputs, outputs and attributes.</summary>
/// <remarks>
/// Op types use ONNX's names for ONNX semantics (<c>Conv</c> is NCHW) and TFLite's builtin
/// names in PascalCase for TFLite semantics (<c>Conv2D</c> is NHWC with OHWI weights). An input
/// slot may be null: an optional input that is absent. See docs/decisions/0002-ir-op-set.md.
/// </remarks>
public sealed class Node
{
    private string _name;

    internal Node(string opType, string name, string domain)
    {
        OpType = opType;
        _name = name;
        Domain = domain;
        Attributes = new AttributeMap { Owner = name };
    }

    /// <summary>The node's name, unique in its graph.</summary>
    public string Name
    {
        get => _name;
        internal set
        {
            _name = value;
            Attributes.Owner = value;
        }
    }

    /// <summary>The operator type, e.g. <c>Conv</c> or <c>DepthwiseConv2D</c>.</summary>
    public string OpType { get; set; }

    /// <summary>The operator domain: "" for the default (ai.onnx and Quanta's own ops), or e.g. "com.microsoft".</summary>
    public string Domain { get; set; }

    /// <summary>Input values; null entries are absent optional inputs.</summary>
    public List<Value?> Inputs { get; } = [];

    /// <summary>Output values.</summary>
    public List<Value> Outputs { get; } = [];

    /// <summary>The node's attributes.</summary>
    public AttributeMap Attributes { get; }

    /// <summary>Input <paramref name="index"/>, or null when absent or beyond the list.</summary>
    public Value? InputOrNull(int index) => index < Inputs.Count ? Inputs[index] : null;

    /// <summary>Formats as <c>Conv 'conv1' (x, w, b) -> (y)</c>.</summary>
    public override string ToString() =>
        $"{OpType} '{Name}' ({string.Join(", ", Inputs.Select(i => i?.Name ?? "∅"))}) -> ({string.Join(", ", Outputs.Select(o => o.Name))})";
}
