using Quanta.Core;
using Quanta.Formats.Tflite.Options;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Turns a subgraph's operators (already in execution order) into nodes: op type and domain from
/// the operator code, inputs and outputs from tensor indices (−1 = absent optional input), options
/// as attributes, the operator version as <c>tflite_version</c>, and custom options as a uint8
/// tensor attribute <c>custom_options</c>.
/// </summary>
internal static class TfliteOperatorReader
{
    /// <summary>The attribute holding <c>OperatorCode.version</c>.</summary>
    public const string VersionAttribute = "tflite_version";

    /// <summary>The tensor indices every operator writes (needed before the tensors are read).</summary>
    public static HashSet<int> OutputIndices(TfliteReadContext ctx, tflite.SubGraph subgraph, int subgraphIndex)
    {
        var outputs = new HashSet<int>();
        int count = ctx.TableVectorLength(subgraph.OperatorsLength, "the operator list");
        for (int i = 0; i < count; i++)
        {
            ctx.Location = $"subgraph {subgraphIndex}, operator {i}";
            var op = subgraph.Operators(i) ?? throw ctx.Error($"{ctx.Location} is missing");
            outputs.UnionWith(ctx.Ints(op.GetOutputsBytes(), op.OutputsLength, $"the outputs of operator {i}"));
        }
        return outputs;
    }

    /// <summary>Adds a node to <paramref name="graph"/> for every operator of the subgraph.</summary>
    /// <exception cref="ModelFormatException">An operator refers to a missing operator code or tensor.</exception>
    public static void ReadAll(TfliteReadContext ctx, tflite.SubGraph subgraph, int subgraphIndex, Graph graph,
        Value[] values, TfliteOpCode[] codes)
    {
        int count = ctx.TableVectorLength(subgraph.OperatorsLength, "the operator list");
        for (int i = 0; i < count; i++)
        {
            ctx.Location = $"subgraph {subgraphIndex}, operator {i}";
            var op = subgraph.Operators(i) ?? throw ctx.Error($"{ctx.Location} is missing");
            Read(ctx, op, i, graph, values, codes);
        }
    }

    private static void Read(TfliteReadContext ctx, tflite.Operator op, int index, Graph graph, Value[] values, TfliteOpCode[] codes)
    {
        uint codeIndex = op.OpcodeIndex;
        if (codeIndex >= codes.Length)
            throw ctx.Error($"operator {index} uses operator code {codeIndex}, but the model has {codes.Length}");
        var code = codes[codeIndex];
        string what = $"operator {index} ({code.OpType})";

        var inputs = new List<Value?>();
        foreach (int t in ctx.Ints(op.GetInputsBytes(), op.InputsLength, $"the inputs of {what}"))
        {
            inputs.Add(t == -1 ? null : TensorAt(ctx, values, t, $"{what} input {inputs.Count}"));
        }
        var outputs = new List<Value>();
        foreach (int t in ctx.Ints(op.GetOutputsBytes(), op.OutputsLength, $"the outputs of {what}"))
        {
            outputs.Add(TensorAt(ctx, values, t, $"{what} output {outputs.Count}"));
        }
        // Vectors read only through the object API (options fallback): bound them before it runs.
        ctx.VectorBytes(op.GetMutatingVariableInputsBytes(), op.MutatingVariableInputsLength, 1, $"the mutating variable inputs of {what}");
        ctx.VectorBytes(op.GetIntermediatesBytes(), op.IntermediatesLength, sizeof(int), $"the intermediates of {what}");
        var customOptions = CustomOptions(ctx, op, what);

        Node node;
        try
        {
            node = graph.AddNode(code.OpType, inputs, outputs, outputs.Count > 0 ? outputs[0].Name : code.OpType, code.Domain);
        }
        catch (GraphValidationException e)
        {
            throw ctx.Error($"{what}: {e.Message}");
        }
        node.Attributes.Set(VersionAttribute, (long)code.Version);
        if (code.Domain == TfliteImporter.CustomDomain)
        {
            // Custom options are an opaque FlexBuffer only the custom kernel understands: kept as bytes.
            if (!customOptions.IsEmpty)
            {
                node.Attributes.Set("custom_options", AttributeValue.Of(Tensor.FromArray(new Shape(customOptions.Length), customOptions)));
                node.Attributes.Set("custom_options_format", op.CustomOptionsFormat.ToString());
            }
            return;
        }
        TfliteOptions.Read(ctx, op, node.Attributes, node.Name);
    }

    private static Value TensorAt(TfliteReadContext ctx, Value[] values, int index, string user)
    {
        if (index < 0 || index >= values.Length)
            throw ctx.Error($"{user} refers to tensor {index}, but the subgraph has {values.Length} tensors");
        return values[index];
    }

    /// <summary>The custom options: inline, or after the flatbuffer (offset/size, files over 2 GB).</summary>
    private static ReadOnlySpan<byte> CustomOptions(TfliteReadContext ctx, tflite.Operator op, string what)
    {
        var inline = ctx.VectorBytes(op.GetCustomOptionsBytes(), op.CustomOptionsLength, 1, $"the custom options of {what}");
        if (!inline.IsEmpty) return inline;
        ulong offset = op.LargeCustomOptionsOffset, size = op.LargeCustomOptionsSize;
        if (offset <= 1 || size == 0) return [];
        ulong length = (ulong)ctx.Bytes.Length;
        if (offset > length || size > length - offset)
            throw ctx.Error($"the custom options of {what} lie outside the file (offset {offset}, size {size}, file {length} bytes)");
        return ctx.Bytes.AsSpan((int)offset, (int)size);
    }
}
