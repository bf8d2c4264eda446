using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Runtime;
using Quanta.Tests.Tflite;
using Xunit;

namespace Quanta.Tests.TfliteExport;

public class TfliteRoundTripTests
{
    public static IEnumerable<object[]> Models() => TfliteTestFiles.AllModels();

    /// <summary>Import → export → import gives the same graph: ops, attributes, tensors, constants
    /// and quantization parameters.</summary>
    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void ExportedModelReimportsAsTheSameGraph(string relativePath)
    {
        var original = TfliteTestFiles.Import(relativePath);
        var again = TfliteImporter.Import(TfliteExporter.Export(original), "exported " + relativePath);
        AssertSameGraph(original.Graph, again.Graph);
    }

    [SkippableTheory]
    [InlineData("models/tflite/person_detect.tflite")]
    [InlineData("models/tflite/micro_speech_quantized.tflite")]
    [InlineData("models/tflite/hello_world_int8.tflite")]
    [InlineData("models/tflite/hello_world_float.tflite")]
    [InlineData("models/tflite/mobilenet_v2_quantized_1x3x224x224.tflite")]
    public void ExportedModelGivesIdenticalOutputs(string relativePath)
    {
        var original = TfliteTestFiles.Import(relativePath);
        byte[] exported = TfliteExporter.Export(original);
        var inputs = original.Graph.Inputs.Select((v, i) => RandomInput(v, 17 + i)).ToArray();
        using var a = new InferenceSession(original);
        using var b = new InferenceSession(TfliteImporter.Import(exported, "exported"));
        var expected = a.Run(inputs);
        var actual = b.Run(inputs);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Bytes.ToArray(), actual[i].Bytes.ToArray());
    }

    [SkippableFact]
    public void ExportIsDeterministicAndWritesBothOperatorCodeFields()
    {
        var model = TfliteTestFiles.Import("models/tflite/person_detect.tflite");
        byte[] first = TfliteExporter.Export(model);
        Assert.Equal(first, TfliteExporter.Export(TfliteImporter.Import(first, "again")));
        var parsed = tflite.ModelT.DeserializeFromBinary(first);
        Assert.Equal(3u, parsed.Version);
        Assert.Single(parsed.Subgraphs);
        Assert.True(parsed.Buffers[0].Data is null || parsed.Buffers[0].Data.Count == 0);
        Assert.All(parsed.OperatorCodes, c => Assert.Equal((sbyte)Math.Min((int)c.BuiltinCode, 127), c.DeprecatedBuiltinCode));
        Assert.Contains(parsed.OperatorCodes, c => c.BuiltinCode == tflite.BuiltinOperator.DEPTHWISE_CONV_2D);
        // Per-axis weights keep their scales and quantized dimension (3 for depthwise filters).
        var g = parsed.Subgraphs[0];
        var depthwise = g.Operators.First(o => parsed.OperatorCodes[(int)o.OpcodeIndex].BuiltinCode == tflite.BuiltinOperator.DEPTHWISE_CONV_2D);
        var filter = g.Tensors[depthwise.Inputs[1]];
        Assert.Equal(filter.Shape[3], filter.Quantization.Scale.Count);
        Assert.Equal(3, filter.Quantization.QuantizedDimension);
        Assert.Equal(tflite.BuiltinOptions.DepthwiseConv2DOptions, depthwise.BuiltinOptions.Type);
    }

    [SkippableFact]
    public void CodesAbove127UseThePlaceholderInTheDeprecatedField()
    {
        var g = new Graph { Name = "main" };
        var x = g.AddValue("x", DataType.Float32, new Shape(2, 3));
        var y = g.AddValue("y", DataType.Float32, new Shape(2, 3));
        g.Inputs.Add(x);
        g.AddNode("GELU", [x], [y], "gelu", OpDomains.Tflite).Attributes.Set("approximate", 1L);
        g.Outputs.Add(y);
        var parsed = tflite.ModelT.DeserializeFromBinary(TfliteExporter.Export(new Model(g, ModelFormat.Tflite)));
        Assert.Equal(tflite.BuiltinOperator.GELU, parsed.OperatorCodes[0].BuiltinCode);
        Assert.Equal((sbyte)127, parsed.OperatorCodes[0].DeprecatedBuiltinCode);
        Assert.Equal(tflite.BuiltinOptions.GeluOptions, parsed.Subgraphs[0].Operators[0].BuiltinOptions.Type);
        Assert.True(parsed.Subgraphs[0].Operators[0].BuiltinOptions.AsGeluOptions().Approximate);
    }

    [SkippableFact]
    public void OnnxOpsAreRefusedNamingTheNode()
    {
        var g = new Graph { Name = "main" };
        var x = g.AddValue("x", DataType.Float32, new Shape(2, 3));
        var y = g.AddValue("y", DataType.Float32, new Shape(2, 3));
        g.Inputs.Add(x);
        g.AddNode("Relu", [x], [y], "my_relu");
        g.Outputs.Add(y);
        var e = Assert.Throws<UnsupportedException>(() => TfliteExporter.Export(new Model(g)));
        Assert.Contains("my_relu", e.Message);
    }

    internal static Tensor RandomInput(Value v, int seed)
    {
        var rng = new Random(seed);
        var shape = new Shape(v.Shape!.Dims.ToArray().Select(d => d < 0 ? 1 : d).ToArray());
        var t = Tensor.Zeros(v.Type, shape, v.Quant);
        switch (v.Type)
        {
            case DataType.Float32:
                var f = t.AsSpan<float>();
                for (int i = 0; i < f.Length; i++) f[i] = (float)(rng.NextDouble() * 2 - 1);
                break;
            default:
                rng.NextBytes(t.Bytes);
                break;
        }
        return t;
    }

    private static void AssertSameGraph(Graph expected, Graph actual)
    {
        Assert.Equal(expected.Nodes.Count, actual.Nodes.Count);
        Assert.Equal(expected.Inputs.Select(v => v.Name), actual.Inputs.Select(v => v.Name));
        Assert.Equal(expected.Outputs.Select(v => v.Name), actual.Outputs.Select(v => v.Name));
        for (int n = 0; n < expected.Nodes.Count; n++)
        {
            var e = expected.Nodes[n];
            var a = actual.Nodes[n];
            Assert.Equal((e.Domain, e.OpType), (a.Domain, a.OpType));
            Assert.Equal(e.Inputs.Select(v => v?.Name), a.Inputs.Select(v => v?.Name));
            Assert.Equal(e.Outputs.Select(v => v.Name), a.Outputs.Select(v => v.Name));
            Assert.Equal(e.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"),
                a.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        }
        foreach (var ev in expected.Values)
        {
            var av = actual.GetValue(ev.Name);
            Assert.Equal(ev.Type, av.Type);
            Assert.Equal(ev.Shape?.ToString(), av.Shape?.ToString());
            Assert.Equal(ev.Quant, av.Quant);
            Assert.Equal(ev.IsConstant, av.IsConstant);
            if (ev.Constant is { } c) Assert.Equal(c.Bytes.ToArray(), av.Constant!.Bytes.ToArray());
        }
    }
}
