using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Turns a subgraph's tensors into graph values: names made unique, types mapped, shapes (with
/// the dynamic dimensions of <c>shape_signature</c>), quantization parameters, and constant data
/// from the tensor's buffer.
/// </summary>
/// <remarks>
/// A tensor whose buffer holds data is a constant, unless it is a subgraph input (TFLite lets the
/// caller overwrite inputs, so their buffer is not a fixed value). A variable tensor (LSTM/SVDF
/// state) is imported as a constant holding its initial value — its buffer, or else zeros as
/// TFLite's <c>ResetVariableTensor</c> makes them (the zero point for int8) — so the graph stays
/// well formed; the in-place updates TFLite makes to it between runs are not modelled.
/// </remarks>
internal static class TfliteTensorReader
{
    /// <summary>The largest variable tensor (recurrent state) filled with zeros when the file gives
    /// no initial value. The file's size bounds every other allocation; this one is bounded by hand.</summary>
    private const long MaxVariableStateBytes = 256L << 20;

    /// <summary>Adds a value to <paramref name="graph"/> for every tensor of the subgraph.</summary>
    /// <param name="ctx">The import.</param>
    /// <param name="subgraph">The subgraph.</param>
    /// <param name="subgraphIndex">Its index, for error messages.</param>
    /// <param name="graph">The graph receiving the values.</param>
    /// <param name="inputs">Tensor indices that are subgraph inputs.</param>
    /// <param name="opOutputs">Tensor indices some operator writes.</param>
    /// <returns>The values, indexed by tensor index.</returns>
    public static Value[] ReadAll(TfliteReadContext ctx, tflite.SubGraph subgraph, int subgraphIndex, Graph graph,
        HashSet<int> inputs, HashSet<int> opOutputs)
    {
        int count = ctx.TableVectorLength(subgraph.TensorsLength, "the tensor list");
        var values = new Value[count];
        for (int i = 0; i < count; i++)
        {
            ctx.Location = $"subgraph {subgraphIndex}, tensor {i}";
            var tensor = subgraph.Tensors(i) ?? throw ctx.Error($"{ctx.Location} is missing");
            values[i] = Read(ctx, tensor, i, graph, inputs.Contains(i), opOutputs.Contains(i));
        }
        return values;
    }

    private static Value Read(TfliteReadContext ctx, tflite.Tensor tensor, int index, Graph graph, bool isInput, bool isOpOutput)
    {
        string stored = tensor.Name ?? "";
        string name = graph.UniqueName(stored.Length == 0 ? $"tensor_{index}" : stored);
        var type = TfliteTypes.ToDataType(tensor.Type)
            ?? throw new UnsupportedException($"tensor '{name}' (index {index}) has type {TfliteTypes.Name(tensor.Type)}, which Quanta does not support");
        if (tensor.ExternalBuffer != 0)
            throw new UnsupportedException($"tensor '{name}' keeps its data in external buffer {tensor.ExternalBuffer}; external weight files are not supported");
        if (tensor.Sparsity is not null)
            throw new UnsupportedException($"tensor '{name}' is stored sparse; sparse tensors are not supported");

        int[] dims = ctx.Ints(tensor.GetShapeBytes(), tensor.ShapeLength, $"the shape of tensor '{name}'");
        int[] signature = ctx.Ints(tensor.GetShapeSignatureBytes(), tensor.ShapeSignatureLength, $"the shape signature of tensor '{name}'");
        var data = TfliteBufferReader.Read(ctx, tensor.Buffer, $"tensor '{name}'");
        bool isConstant = !isInput && (!data.IsEmpty || (tensor.IsVariable && !isOpOutput));

        if (isConstant)
        {
            var shape = ConstantShape(ctx, dims, name);
            var quant = TfliteQuantizationReader.Read(ctx, tensor, name, type, shape);
            return graph.AddConstant(name, ConstantData(ctx, data, type, shape, quant, name));
        }
        var declared = ValueShape(ctx, dims, signature, tensor.HasRank || isInput, name);
        var value = graph.AddValue(name, type, declared);
        value.Quant = TfliteQuantizationReader.Read(ctx, tensor, name, type, declared);
        return value;
    }

    private static Shape ConstantShape(TfliteReadContext ctx, int[] dims, string name)
    {
        foreach (int d in dims)
        {
            if (d < 0) throw ctx.Error($"constant tensor '{name}' has shape [{string.Join(",", dims)}] with a negative dimension");
        }
        return new Shape(dims);
    }

    /// <summary>
    /// The declared shape of a non-constant tensor. <c>shape</c> holds the sizes the converter saw
    /// (a dynamic batch is stored as 1); <c>shape_signature</c>, when present, marks the dynamic
    /// dimensions with −1. An empty shape is a scalar when the file says the rank is known (or for a
    /// subgraph input, which older converters never marked); otherwise the rank is unknown.
    /// </summary>
    private static Shape? ValueShape(TfliteReadContext ctx, int[] dims, int[] signature, bool rankKnown, string name)
    {
        if (dims.Length == 0 && signature.Length == 0) return rankKnown ? Shape.Scalar : null;
        if (signature.Length != 0 && signature.Length != dims.Length)
            throw ctx.Error($"tensor '{name}' has shape [{string.Join(",", dims)}] but shape signature [{string.Join(",", signature)}]");
        var result = signature.Length != 0 ? signature : dims;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] < Shape.Unknown || (signature.Length != 0 && dims[i] < Shape.Unknown))
                throw ctx.Error($"tensor '{name}' has a negative dimension in shape [{string.Join(",", dims)}]");
            if (signature.Length != 0 && signature[i] != Shape.Unknown) result[i] = dims[i];
        }
        return new Shape(result);
    }

    private static Tensor ConstantData(TfliteReadContext ctx, ReadOnlySpan<byte> data, DataType type, Shape shape, QuantParams? quant, string name)
    {
        long expected;
        try
        {
            expected = checked(shape.ElementCount * type.SizeOf());
        }
        catch (OverflowException)
        {
            throw ctx.Error($"constant tensor '{name}' has shape {shape}, too large to hold");
        }
        if (data.IsEmpty)
        {
            // A variable tensor with no initial value: TFLite's ResetVariableTensor fills int8 state
            // with its zero point (real 0) and everything else with zero bytes.
            if (expected > MaxVariableStateBytes)
                throw ctx.Error($"variable tensor '{name}' has shape {shape} ({expected} bytes) and no data; state that large is more likely a corrupt file");
            var zeros = Tensor.Zeros(type, shape, quant);
            if (type == DataType.Int8 && quant is not null) zeros.Bytes.Fill(unchecked((byte)(sbyte)quant.ZeroPointAt(0)));
            return zeros;
        }
        if (data.Length != expected)
            throw ctx.Error($"constant tensor '{name}' ({type} {shape}) needs {expected} bytes, but its buffer holds {data.Length}");
        return new Tensor(type, shape, data.ToArray(), quant);
    }
}
