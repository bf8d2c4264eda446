using Google.Protobuf;
using Quanta.Core;
using AttributeProto = Onnx.AttributeProto;
using GraphProto = Onnx.GraphProto;
using ModelProto = Onnx.ModelProto;
using NodeProto = Onnx.NodeProto;
using OperatorSetIdProto = Onnx.OperatorSetIdProto;
using StringStringEntryProto = Onnx.StringStringEntryProto;
using TensorShapeProto = Onnx.TensorShapeProto;
using TypeProto = Onnx.TypeProto;
using ValueInfoProto = Onnx.ValueInfoProto;

namespace Quanta.Formats.Onnx;

/// <summary>Writes Quanta's IR as an ONNX model (the inverse of <see cref="OnnxImporter"/>).</summary>
/// <remarks>
/// The IR holds ONNX ops with opset-17 semantics (decision 0002), so the model declares opset 17
/// for the default domain (IR version 8), whatever opset it was read from; other domains keep
/// the versions the model records (1 when it records none). Constants that nodes read become initializers
/// with <c>raw_data</c>; outputs of ops
/// without a schema get a <c>value_info</c> entry. TFLite-domain ops
/// have no ONNX form and are refused.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The default-domain opset written.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (the first that allows opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The model as .onnx file contents.</summary>
    /// <exception cref="UnsupportedException">An op, attribute or type has no ONNX form.</exception>
    /// <exception cref="GraphValidationException">The graph is not valid.</exception>
    public static byte[] Export(Model model) => ToProto(model).ToByteArray();

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    /// <exception cref="UnsupportedException">An op, attribute or type has no ONNX form.</exception>
    public static void Write(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToProto(model).WriteTo(stream);
    }

    /// <summary>The model as an ONNX ModelProto.</summary>
    /// <exception cref="UnsupportedException">An op, attribute or type has no ONNX form.</exception>
    /// <exception cref="GraphValidationException">The graph is not valid.</exception>
    public static ModelProto ToProto(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        GraphVerifier.Verify(model.Graph);
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Quanta",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = model.Description ?? "",
            Graph = WriteGraph(model.Graph),
        };
        foreach (var (domain, version) in Opsets(model)) proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        foreach (var (key, value) in model.Metadata) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    private static IEnumerable<(string Domain, long Version)> Opsets(Model model)
    {
        yield return ("", Opset);
        foreach (string domain in model.Graph.Nodes.Select(n => n.Domain).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            yield return (domain, model.Opsets.GetValueOrDefault(domain, 1));
    }

    private static GraphProto WriteGraph(Graph graph)
    {
        var g = new GraphProto { Name = graph.Name };
        var used = new HashSet<Value>(graph.Nodes.SelectMany(n => n.Inputs).OfType<Value>());
        foreach (var c in graph.Constants.Where(used.Contains).OrderBy(c => c.Name, StringComparer.Ordinal))
            g.Initializer.Add(OnnxTensorWriter.Write(c.Constant!, c.Name));
        foreach (var input in graph.Inputs) g.Input.Add(ValueInfo(input, "graph input"));
        foreach (var node in graph.Nodes) g.Node.Add(WriteNode(node));
        foreach (var output in graph.Outputs)
        {
            // ONNX reads graph outputs from nodes: a constant output is written as a Constant node,
            // which the importer reads back as the same constant.
            if (output.IsConstant && !used.Contains(output))
            {
                g.Node.Add(new NodeProto
                {
                    OpType = "Constant",
                    Name = graph.UniqueName(output.Name + "_constant"),
                    Output = { output.Name },
                    Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxTensorWriter.Write(output.Constant!, output.Name) } },
                });
            }
            g.Output.Add(ValueInfo(output, "graph output"));
        }
        var declared = new HashSet<Value>(graph.Inputs.Concat(graph.Outputs));
        // Readers infer intermediate types and shapes from the ops; only outputs of ops without a
        // schema (custom domains) need declaring, and leaving the rest out keeps files small.
        foreach (var node in graph.Nodes.Where(n => OpSchemas.Find(n) is null))
        {
            foreach (var v in node.Outputs)
            {
                if (!declared.Contains(v) && v.Type != DataType.Undefined) g.ValueInfo.Add(ValueInfo(v, "value"));
            }
        }
        return g;
    }

    private static NodeProto WriteNode(Node node)
    {
        if (node.Domain == OpDomains.Tflite || node.Domain.StartsWith(OpDomains.Tflite + ".", StringComparison.Ordinal))
            throw new UnsupportedException($"{node.OpType} '{node.Name}' is a TFLite op; ONNX has no form for it (write the model as .tflite)");
        var proto = new NodeProto { OpType = node.OpType, Name = node.Name, Domain = node.Domain };
        foreach (var input in node.Inputs) proto.Input.Add(input?.Name ?? "");
        foreach (var output in node.Outputs) proto.Output.Add(output.Name);
        proto.Attribute.AddRange(OnnxAttributeWriter.Write(node));
        return proto;
    }

    private static ValueInfoProto ValueInfo(Value v, string role)
    {
        if (v.Type == DataType.Undefined)
            throw new UnsupportedException($"{role} '{v.Name}' has no known element type; ONNX must declare one");
        var tensorType = new TypeProto.Types.Tensor { ElemType = OnnxTypes.ToOnnx(v.Type) };
        if (v.Shape is { } shape)
        {
            tensorType.Shape = new TensorShapeProto();
            for (int i = 0; i < shape.Rank; i++)
            {
                var dim = new TensorShapeProto.Types.Dimension();
                if (shape[i] != Shape.Unknown) dim.DimValue = shape[i];
                else if (v.DimNames?.ElementAtOrDefault(i) is { } param) dim.DimParam = param;
                tensorType.Shape.Dim.Add(dim);
            }
        }
        return new ValueInfoProto { Name = v.Name, Type = new TypeProto { TensorType = tensorType } };
    }
}
