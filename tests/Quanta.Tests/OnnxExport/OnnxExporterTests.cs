using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Onnx;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OnnxExport;

public class OnnxExporterTests
{
    private static Model RoundTrip(Model model) => OnnxImporter.Import(OnnxExporter.Export(model), "<exported>", null);

    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v1.onnx")]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void FashionMnistModelsRoundTrip(string file)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", file), "the shared model folder");
        var first = ModelLoader.Load(path);
        var second = RoundTrip(first);
        Assert.Null(GraphComparer.FirstDifference(first.Graph, second.Graph));
        Assert.Equal(OnnxExporter.Opset, second.Opset);
        Assert.Equal("Quanta", second.Producer?.Split(' ')[0]);
        // The dynamic batch keeps its name.
        Assert.Equal(first.Graph.Inputs[0].DimNames, second.Graph.Inputs[0].DimNames);
        // A third generation is byte-identical to the second: the writer is deterministic.
        Assert.Equal(OnnxExporter.Export(second), OnnxExporter.Export(RoundTrip(second)));
    }

    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void ExportedFashionMnistModelsRunInOnnxRuntimeLikeTheOriginals(string file)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", file), "the shared model folder");
        var x = Passes.PassTestGraphs.Random(new Shape(3, 1, 28, 28), 5, 2f);
        using var original = new OrtRunner(File.ReadAllBytes(path));
        using var exported = new OrtRunner(OnnxExporter.Export(ModelLoader.Load(path)));
        Assert.Equal(original.Run(x), exported.Run(x));
    }

    [Theory]
    [InlineData("fmnist_small_float.onnx")]
    [InlineData("fmnist_small_qdq.onnx")]
    public void QdqFixturesRoundTrip(string file)
    {
        var first = ModelLoader.Load(TestData.RepoPath("tests", "fixtures", "qdq", file));
        Assert.Null(GraphComparer.FirstDifference(first.Graph, RoundTrip(first).Graph));
    }

    [SkippableFact]
    public void OnnxNodeTestModelsRoundTrip()
    {
        string root = TestData.Require(TestData.OnnxTestData, "apt package libonnx-testdata");
        int roundTripped = 0;
        var failures = new List<string>();
        foreach (string suite in new[] { "node", "pytorch-converted", "pytorch-operator", "simple" })
        {
            string folder = Path.Combine(root, suite);
            if (!Directory.Exists(folder)) continue;
            foreach (string test in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            {
                string file = Path.Combine(test, "model.onnx");
                if (!File.Exists(file)) continue;
                Model first;
                try
                {
                    first = ModelLoader.Load(file);
                }
                catch (QuantaException)
                {
                    continue; // Not importable: nothing to round-trip.
                }
                try
                {
                    string? d = GraphComparer.FirstDifference(first.Graph, RoundTrip(first).Graph);
                    if (d is not null) failures.Add($"{suite}/{Path.GetFileName(test)}: {d}");
                    roundTripped++;
                }
                catch (QuantaException e)
                {
                    failures.Add($"{suite}/{Path.GetFileName(test)}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {roundTripped} differ:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(roundTripped > 500, $"only {roundTripped} models round-tripped");
    }

    [Fact]
    public void CastTypesAreWrittenAsOnnxCodes()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2));
        var y = g.AddValue("y");
        g.AddNode("Cast", [x], [y], "cast").Attributes.Set("to", (long)DataType.Int8);
        g.Outputs.Add(y);
        GraphShapeInference.Run(g, 17);
        var proto = OnnxExporter.ToProto(new Model(g));
        Assert.Equal(3, proto.Graph.Node[0].Attribute.Single(a => a.Name == "to").I); // TensorProto.INT8
        Assert.Equal((long)DataType.Int8, RoundTrip(new Model(g)).Graph.Nodes[0].Attributes.GetInt("to"));
    }

    [Fact]
    public void ConstantGraphOutputIsWrittenAsAConstantNode()
    {
        var g = new Graph();
        g.AddInput("x", DataType.Float32, new Shape(1));
        g.Outputs.Add(g.AddConstant("k", Tensor.Vector(1f, 2f)));
        var back = RoundTrip(new Model(g));
        Assert.Equal("k", back.Graph.Outputs[0].Name);
        Assert.Equal([1f, 2f], back.Graph.Outputs[0].Constant!.ToArray<float>());
        Assert.Empty(back.Graph.Nodes);
    }

    [Fact]
    public void TfliteOpsAreRefusedWithTheNodeNamed()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1));
        var y = g.AddValue("y");
        g.AddNode("RELU", [x], [y], "act", OpDomains.Tflite);
        g.Outputs.Add(y);
        var e = Assert.Throws<UnsupportedException>(() => OnnxExporter.Export(new Model(g)));
        Assert.Contains("'act'", e.Message);
    }
}
