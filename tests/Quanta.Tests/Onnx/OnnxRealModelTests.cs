using Quanta.Core;
using Quanta.Formats;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OnnxImport;

public class OnnxRealModelTests
{
    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v1.onnx")]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void FashionMnistModelsImportWithTheirDocumentedSignature(string file)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", file), "the shared model folder");
        var model = ModelLoader.Load(path);
        Assert.Equal(ModelFormat.Onnx, model.Format);
        Assert.Equal(13, model.Opset);
        Assert.Equal(path, model.SourcePath);
        Assert.Equal(new FileInfo(path).Length, model.SourceBytes);

        var input = Assert.Single(model.Graph.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(DataType.Float32, input.Type);
        Assert.Equal(new Shape(Shape.Unknown, 1, 28, 28), input.Shape);
        Assert.NotNull(input.DimNames?[0]);

        var output = Assert.Single(model.Graph.Outputs);
        Assert.Equal("logits", output.Name);
        Assert.Equal(DataType.Float32, output.Type);
        Assert.Equal(new Shape(Shape.Unknown, 10), output.Shape);

        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Conv");
        Assert.All(model.Graph.Nodes, n => Assert.Equal("", n.Domain));
        // Every weight is a constant, none is left as an input.
        Assert.True(model.Graph.Constants.Count() > 10);
        GraphVerifier.Verify(model.Graph);
    }

    [Fact]
    public void PyTorchQdqFixtureImportsWithConstantsFoldedAndCastTypesMapped()
    {
        var model = ModelLoader.Load(TestData.RepoPath("tests", "fixtures", "qdq", "fmnist_small_qdq.onnx"));
        Assert.Equal(13, model.Opset);
        Assert.Equal(["input"], model.Graph.Inputs.Select(v => v.Name));
        Assert.Equal(new Shape(Shape.Unknown, 1, 28, 28), model.Graph.Inputs[0].Shape);
        Assert.Equal(["logits"], model.Graph.Outputs.Select(v => v.Name));
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Constant");
        Assert.Equal(8, model.Graph.Nodes.Count(n => n.OpType == "QuantizeLinear"));
        Assert.Equal(17, model.Graph.Nodes.Count(n => n.OpType == "DequantizeLinear"));
        // torch 1.13 writes Cast(to=UINT8) between QuantizeLinear and DequantizeLinear: ONNX code 2.
        var casts = model.Graph.Nodes.Where(n => n.OpType == "Cast").ToList();
        Assert.Contains(casts, c => c.Attributes.GetInt("to") == (long)DataType.UInt8);
        Assert.All(casts, c => Assert.True(Enum.IsDefined((DataType)c.Attributes.GetInt("to"))));

        var floatModel = ModelLoader.Load(TestData.RepoPath("tests", "fixtures", "qdq", "fmnist_small_float.onnx"));
        Assert.Equal(["Conv", "Relu", "Conv", "Relu", "Conv", "Add", "Relu", "GlobalAveragePool", "Flatten", "Gemm"],
            floatModel.Graph.Nodes.Select(n => n.OpType));
    }

    [SkippableFact]
    public void DetectFormatByContent()
    {
        string tflite = TestData.Require(TestData.SharedPath("models", "tflite", "hello_world_float.tflite"), "the shared model folder");
        Assert.Equal(ModelFormat.Tflite, ModelLoader.DetectFormat(File.ReadAllBytes(tflite)));
        foreach (var file in new[] { "fmnist_mobilenet_v1.onnx", "fmnist_mobilenet_v2.onnx", "fmnist_resnet18.onnx" })
        {
            string onnx = TestData.Require(TestData.SharedPath("models", "onnx", file), "the shared model folder");
            Assert.Equal(ModelFormat.Onnx, ModelLoader.DetectFormat(File.ReadAllBytes(onnx)));
        }
        Assert.Equal(ModelFormat.Onnx, ModelLoader.DetectFormat([]));
    }
}
