using Quanta.Core;

namespace Quanta.Formats.Onnx;

/// <summary>What the parts of one ONNX import share: the source name, the graph being built, the
/// default-domain opset, and the external data reader.</summary>
internal sealed class OnnxImportContext
{
    public OnnxImportContext(string source, Graph graph, long opset, OnnxExternalData external)
    {
        Source = source;
        Graph = graph;
        Opset = opset;
        External = external;
    }

    /// <summary>The model's file or stream name, for messages.</summary>
    public string Source { get; }

    /// <summary>The graph being built.</summary>
    public Graph Graph { get; }

    /// <summary>The opset of the default domain the file declares (1 when it declares none).</summary>
    public long Opset { get; }

    /// <summary>Reads tensors stored in files beside the model.</summary>
    public OnnxExternalData External { get; }

    /// <summary>An error about the file's content, naming the file.</summary>
    public ModelFormatException FormatError(string message) => new(Source, message);

    /// <summary>Adds a constant under a fresh name derived from <paramref name="prefix"/>.</summary>
    public Value AddConstant(string prefix, Tensor tensor) => Graph.AddConstant(Graph.UniqueName(prefix), tensor);

    /// <summary>Adds an intermediate value under a fresh name derived from <paramref name="prefix"/>.</summary>
    public Value AddValue(string prefix) => Graph.AddValue(Graph.UniqueName(prefix));

    /// <summary>Appends a node to the graph.</summary>
    public Node Emit(OnnxNodeSpec spec)
    {
        while (spec.Inputs.Count > 0 && spec.Inputs[^1] is null) spec.Inputs.RemoveAt(spec.Inputs.Count - 1);
        var node = Graph.AddNode(spec.OpType, spec.Inputs, spec.Outputs, spec.Name, spec.Domain);
        foreach (var (name, value) in spec.Attributes) node.Attributes.Set(name, value);
        if (Opset < 7) InferShapes(node);
        return node;
    }

    /// <summary>
    /// Infers one node's output shapes as soon as it is emitted. Only models before opset 7 need
    /// this: their broadcast rules depend on the ranks of values computed earlier in the graph.
    /// </summary>
    private void InferShapes(Node node)
    {
        var schema = OpSchemas.Find(node);
        if (schema is null) return;
        var inputs = node.Inputs.Select(v => v is null ? null : ValueInfo.Of(v)).ToList();
        var inference = new InferenceContext(node, inputs, Opset);
        schema.Infer(inference);
        for (int i = 0; i < node.Outputs.Count; i++)
        {
            if (inference.Outputs[i] is not { } inferred) continue;
            var value = node.Outputs[i];
            if (value.Type == DataType.Undefined) value.Type = inferred.Type;
            value.Shape = GraphShapeInference.Refine(value.Shape, inferred.Shape);
        }
    }
}
