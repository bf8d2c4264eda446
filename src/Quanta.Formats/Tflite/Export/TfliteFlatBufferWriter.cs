using Google.FlatBuffers;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Serializes a <c>ModelT</c> (one subgraph, no metadata or signatures, as
/// <see cref="TfliteExporter"/> builds it) like the generated <c>SerializeToBinary</c>, with two
/// differences that matter for per-channel models:
/// <list type="bullet">
/// <item>Equal <c>scale</c> and <c>zero_point</c> vectors, and equal quantization tables, are
/// written once and shared (a flatbuffer may point to the same vector from several tables). The
/// all-zero int64 zero points of every per-channel weight and bias of the same width are then one
/// vector: on MobileNet v2 that is about 10% of the int8 file.</item>
/// <item>Buffer data starts on a 16-byte boundary (<c>force_align: 16</c> in schema.fbs, which
/// flatc's C# generator ignores), so that readers may use constants in place.</item>
/// </list>
/// </summary>
internal static class TfliteFlatBufferWriter
{
    /// <summary>The file contents.</summary>
    public static byte[] Serialize(tflite.ModelT model)
    {
        var fbb = new FlatBufferBuilder(1 << 16);
        var buffers = model.Buffers.Select(b => Buffer(fbb, b)).ToArray();
        var codes = model.OperatorCodes.Select(c => tflite.OperatorCode.Pack(fbb, c)).ToArray();
        var shared = new SharedVectors(fbb);
        var subgraphs = model.Subgraphs.Select(s => SubGraph(fbb, s, shared)).ToArray();
        var description = fbb.CreateString(model.Description ?? "");
        var root = tflite.Model.CreateModel(fbb, model.Version,
            tflite.Model.CreateOperatorCodesVector(fbb, codes),
            tflite.Model.CreateSubgraphsVector(fbb, subgraphs),
            description,
            tflite.Model.CreateBuffersVector(fbb, buffers));
        tflite.Model.FinishModelBuffer(fbb, root);
        return fbb.DataBuffer.ToSizedArray();
    }

    private static Offset<tflite.Buffer> Buffer(FlatBufferBuilder fbb, tflite.BufferT buffer)
    {
        if (buffer.Data is not { Count: > 0 } data) return tflite.Buffer.CreateBuffer(fbb);
        fbb.StartVector(1, data.Count, 16);
        fbb.Add(data.ToArray());
        return tflite.Buffer.CreateBuffer(fbb, fbb.EndVector());
    }

    private static Offset<tflite.SubGraph> SubGraph(FlatBufferBuilder fbb, tflite.SubGraphT subgraph, SharedVectors shared)
    {
        var tensors = subgraph.Tensors.Select(t => Tensor(fbb, t, shared)).ToArray();
        var operators = subgraph.Operators.Select(o => tflite.Operator.Pack(fbb, o)).ToArray();
        return tflite.SubGraph.CreateSubGraph(fbb,
            tflite.SubGraph.CreateTensorsVector(fbb, tensors),
            tflite.SubGraph.CreateInputsVector(fbb, [.. subgraph.Inputs]),
            tflite.SubGraph.CreateOutputsVector(fbb, [.. subgraph.Outputs]),
            tflite.SubGraph.CreateOperatorsVector(fbb, operators),
            fbb.CreateString(subgraph.Name ?? ""));
    }

    private static Offset<tflite.Tensor> Tensor(FlatBufferBuilder fbb, tflite.TensorT tensor, SharedVectors shared)
    {
        var shape = tensor.Shape is null ? default : tflite.Tensor.CreateShapeVector(fbb, [.. tensor.Shape]);
        var signature = tensor.ShapeSignature is null ? default : tflite.Tensor.CreateShapeSignatureVector(fbb, [.. tensor.ShapeSignature]);
        var name = fbb.CreateString(tensor.Name ?? "");
        var quantization = tensor.Quantization is { } q ? shared.Quantization(q) : default;
        return tflite.Tensor.CreateTensor(fbb, shape, tensor.Type, tensor.Buffer, name, quantization,
            tensor.IsVariable, default, signature, tensor.HasRank);
    }

    /// <summary>Quantization tables and their vectors, each distinct content written once.</summary>
    private sealed class SharedVectors(FlatBufferBuilder fbb)
    {
        private readonly Dictionary<string, VectorOffset> _scales = new(StringComparer.Ordinal);
        private readonly Dictionary<string, VectorOffset> _zeroPoints = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Offset<tflite.QuantizationParameters>> _tables = new(StringComparer.Ordinal);

        public Offset<tflite.QuantizationParameters> Quantization(tflite.QuantizationParametersT q)
        {
            // Bit patterns, not decimal text: equal keys mean equal bytes in the file.
            string scaleKey = string.Join(",", (q.Scale ?? []).Select(BitConverter.SingleToInt32Bits));
            string zeroKey = string.Join(",", q.ZeroPoint ?? []);
            string tableKey = $"{scaleKey}|{zeroKey}|{q.QuantizedDimension}";
            if (_tables.TryGetValue(tableKey, out var table)) return table;
            var scale = q.Scale is null ? default : Get(_scales, scaleKey, () => tflite.QuantizationParameters.CreateScaleVector(fbb, [.. q.Scale]));
            var zeroPoint = q.ZeroPoint is null ? default : Get(_zeroPoints, zeroKey, () => tflite.QuantizationParameters.CreateZeroPointVector(fbb, [.. q.ZeroPoint]));
            table = tflite.QuantizationParameters.CreateQuantizationParameters(fbb, default, default, scale, zeroPoint,
                tflite.QuantizationDetails.NONE, 0, q.QuantizedDimension);
            _tables[tableKey] = table;
            return table;
        }

        private static VectorOffset Get(Dictionary<string, VectorOffset> cache, string key, Func<VectorOffset> create)
        {
            if (!cache.TryGetValue(key, out var offset)) cache[key] = offset = create();
            return offset;
        }
    }
}
