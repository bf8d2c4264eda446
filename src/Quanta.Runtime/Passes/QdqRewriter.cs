using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>What one QDQ pattern fused: the pattern's name, the node that replaced the group, and the nodes it replaced.</summary>
/// <param name="Pattern">The pattern, e.g. "DQ-Conv-Q".</param>
/// <param name="NodeName">The name of the integer node (the anchor op's name).</param>
/// <param name="OpType">Its op type, with the domain when not ONNX's, e.g. "QLinearConv" or "com.microsoft:QGemm".</param>
/// <param name="ReplacedNodes">The names of the float op, a fused Relu/Clip and the QuantizeLinear it replaced.</param>
public sealed record QdqFusionRecord(string Pattern, string NodeName, string OpType, IReadOnlyList<string> ReplacedNodes);

/// <summary>
/// The graph under QDQ fusion, with the queries the patterns share (who reads a value, what a
/// DequantizeLinear feeds in) and the one edit they make (<see cref="Replace"/>).
/// </summary>
internal sealed class QdqRewriter(Graph graph)
{
    private Dictionary<Value, List<Node>>? _consumers;

    /// <summary>The graph being rewritten.</summary>
    public Graph Graph { get; } = graph;

    /// <summary>What has been fused so far.</summary>
    public List<QdqFusionRecord> Records { get; } = [];

    /// <summary>
    /// The only node reading <paramref name="value"/>, reading it once; null when the value is a graph
    /// output, unread, or read more than once (then the float value must stay).
    /// </summary>
    public Node? SoleReader(Value value)
    {
        if (Graph.Outputs.Contains(value)) return null;
        _consumers ??= Graph.BuildConsumerMap();
        if (!_consumers.TryGetValue(value, out var readers) || readers.Count != 1) return null;
        var reader = readers[0];
        return reader.Inputs.Count(i => ReferenceEquals(i, value)) == 1 ? reader : null;
    }

    /// <summary>The constant parameters of the DequantizeLinear producing <paramref name="value"/>, or null.</summary>
    public static QdqParams? Dequantized(Value? value) =>
        value?.Producer is { OpType: "DequantizeLinear", Domain: "" } dq ? QdqParams.Read(dq) : null;

    /// <summary>
    /// Replaces <paramref name="removed"/> (the anchor op, a fused activation, the QuantizeLinear) by one
    /// node named after <paramref name="anchor"/> that writes <paramref name="output"/> (the
    /// QuantizeLinear's output, so its readers are untouched). The DequantizeLinear nodes stay: others
    /// may read them; dead-code removal drops the rest.
    /// </summary>
    public Node Replace(string pattern, Node anchor, IReadOnlyList<Node> removed, string opType, string domain,
        IEnumerable<Value?> inputs, Value output, Action<AttributeMap>? attributes = null)
    {
        string name = anchor.Name;
        foreach (var n in removed) Graph.RemoveNode(n);
        var node = Graph.AddNode(opType, inputs, [output], name, domain);
        attributes?.Invoke(node.Attributes);
        _consumers = null;
        Records.Add(new QdqFusionRecord(pattern, node.Name, domain.Length == 0 ? opType : $"{domain}:{opType}", removed.Select(n => n.Name).ToArray()));
        return node;
    }
}
