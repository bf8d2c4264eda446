using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Writes Quanta's IR as a TensorFlow Lite flatbuffer (the inverse of <see cref="TfliteImporter"/>):
/// ops in domain <c>tflite</c> become builtin operators, ops in <see cref="TfliteImporter.CustomDomain"/>
/// custom ones; values become tensors with their quantization parameters; constants get buffers.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>One subgraph (subgraph 0, no signature), schema version 3, buffer 0 the empty sentinel.</item>
/// <item>Operator codes carry both <c>builtin_code</c> and <c>deprecated_builtin_code</c>
/// (min(code, 127): 127 is PLACEHOLDER_FOR_GREATER_OP_CODES), so that readers written before and
/// after schema 3a agree; the version is the node's <c>tflite_version</c> attribute (1 when absent).</item>
/// <item>Options are rebuilt from the snake_case attributes (decision 0002) through the generated
/// object API; see <see cref="TfliteOptionsWriter"/>.</item>
/// <item>Tensors are numbered in order of first use (graph inputs, then each node's inputs and
/// outputs), so the same graph always gives the same bytes.</item>
/// </list>
/// Equal quantization vectors are written once and buffers are 16-byte aligned
/// (<see cref="TfliteFlatBufferWriter"/>). ONNX-domain nodes have no TFLite form and are refused,
/// naming the node.
/// </remarks>
public static class TfliteExporter
{
    /// <summary>The schema version written.</summary>
    public const int SchemaVersion = 3;

    /// <summary>The model as .tflite file contents.</summary>
    /// <exception cref="UnsupportedException">A node outside the TFLite domains, or a type or attribute with no TFLite form.</exception>
    /// <exception cref="GraphValidationException">The graph is not valid.</exception>
    public static byte[] Export(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TfliteFlatBufferWriter.Serialize(ToObjectModel(model));
    }

    /// <summary>The model as the generated object API's <c>ModelT</c>.</summary>
    /// <exception cref="UnsupportedException">A node outside the TFLite domains, or a type or attribute with no TFLite form.</exception>
    /// <exception cref="GraphValidationException">The graph is not valid.</exception>
    public static tflite.ModelT ToObjectModel(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        GraphVerifier.Verify(graph);
        foreach (var node in graph.Nodes)
        {
            if (node.Domain is not (OpDomains.Tflite or TfliteImporter.CustomDomain))
                throw new UnsupportedException($"{(node.Domain.Length == 0 ? "ONNX" : node.Domain)} op {node.OpType} '{node.Name}' has no TFLite form; lower the graph to TFLite ops (domain 'tflite') before exporting");
        }

        var result = new tflite.ModelT
        {
            Version = SchemaVersion,
            Description = model.Description is { Length: > 0 } d ? d : "Quanta",
            OperatorCodes = [],
            Buffers = [new tflite.BufferT()],
            Subgraphs = [],
        };
        var tensors = new TfliteTensorWriter(result.Buffers);
        var subgraph = new tflite.SubGraphT
        {
            Name = graph.Name is { Length: > 0 } n ? n : "main",
            Tensors = tensors.Tensors,
            Inputs = [.. graph.Inputs.Select(tensors.IndexOf)],
            Operators = [],
        };
        var codes = new Dictionary<(string Domain, string OpType, int Version), int>();
        foreach (var node in graph.Nodes) subgraph.Operators.Add(WriteOperator(node, tensors, codes, result.OperatorCodes));
        subgraph.Outputs = [.. graph.Outputs.Select(tensors.IndexOf)];
        result.Subgraphs.Add(subgraph);
        return result;
    }

    private static tflite.OperatorT WriteOperator(Node node, TfliteTensorWriter tensors, Dictionary<(string, string, int), int> codes, List<tflite.OperatorCodeT> codeList)
    {
        int version = checked((int)node.Attributes.GetInt(TfliteOperatorReader.VersionAttribute, 1));
        var key = (node.Domain, node.OpType, version);
        if (!codes.TryGetValue(key, out int codeIndex))
        {
            codeIndex = codeList.Count;
            codes[key] = codeIndex;
            codeList.Add(OperatorCode(node, version));
        }
        var op = new tflite.OperatorT
        {
            OpcodeIndex = (uint)codeIndex,
            Inputs = [.. node.Inputs.Select(v => v is null ? -1 : tensors.IndexOf(v))],
            Outputs = [.. node.Outputs.Select(tensors.IndexOf)],
            BuiltinOptions = new tflite.BuiltinOptionsUnion(),
        };
        if (node.Domain == TfliteImporter.CustomDomain)
        {
            if (node.Attributes.GetTensor("custom_options") is { } custom)
            {
                op.CustomOptions = [.. custom.Bytes.ToArray()];
                if (Enum.TryParse<tflite.CustomOptionsFormat>(node.Attributes.GetString("custom_options_format", "FLEXBUFFERS"), out var format))
                    op.CustomOptionsFormat = format;
            }
            return op;
        }
        op.BuiltinOptions = TfliteOptionsWriter.Write(node);
        return op;
    }

    private static tflite.OperatorCodeT OperatorCode(Node node, int version)
    {
        if (node.Domain == TfliteImporter.CustomDomain)
        {
            return new tflite.OperatorCodeT
            {
                DeprecatedBuiltinCode = (sbyte)tflite.BuiltinOperator.CUSTOM,
                BuiltinCode = tflite.BuiltinOperator.CUSTOM,
                CustomCode = node.OpType,
                Version = version,
            };
        }
        if (!Enum.TryParse<tflite.BuiltinOperator>(node.OpType, ignoreCase: false, out var builtin) || !Enum.IsDefined(builtin)
            || builtin is tflite.BuiltinOperator.CUSTOM or tflite.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES)
        {
            throw new UnsupportedException($"node '{node.Name}': {node.OpType} is not a TFLite builtin operator");
        }
        return new tflite.OperatorCodeT
        {
            DeprecatedBuiltinCode = (sbyte)Math.Min((int)builtin, 127),
            BuiltinCode = builtin,
            Version = version,
        };
    }
}
