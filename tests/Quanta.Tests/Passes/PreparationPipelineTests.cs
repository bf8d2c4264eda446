using Quanta.Core;
using Quanta.Formats;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class PreparationPipelineTests
{
    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v1.onnx")]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void FashionMnistModelsComputeTheSameAfterPreparation(string file)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", file), "the shared model folder");
        var x = Random(new Shape(2, 1, 28, 28), 11, 2f);
        var before = Run(ModelLoader.Load(path), x);
        var model = ModelLoader.Load(path);
        var reports = GraphPasses.Run(model.Graph, model.Opset, GraphPasses.Preparation(new KernelNodeEvaluator(model.Opset)));
        Assert.Equal(6, reports.Count);
        var after = Run(model, x);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 1e-4f);
        // The classifier is in fully-connected form: Gemm with weights [out, in].
        var fc = model.Graph.Nodes.Single(n => n.OpType == "Gemm");
        Assert.Equal(1, fc.Attributes.GetInt("transB", 0));
        Assert.Equal(10, fc.Inputs[1]!.Constant!.Shape[0]);
    }

    [Fact]
    public void PassThatBreaksTheGraphIsNamedInTheError()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1));
        var y = g.AddValue("y");
        g.AddNode("Relu", [x], [y], "relu");
        g.Outputs.Add(y);
        var e = Assert.Throws<GraphValidationException>(() => GraphPasses.Run(g, 17, [new BreakingPass()]));
        Assert.Contains("breaking-pass", e.Message);
    }

    private sealed class BreakingPass : IGraphPass
    {
        public string Name => "breaking-pass";

        public int Run(Graph graph)
        {
            graph.RemoveNode(graph.Nodes[0]);
            return 1;
        }
    }
}
