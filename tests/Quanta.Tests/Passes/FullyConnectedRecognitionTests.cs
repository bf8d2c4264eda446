using Quanta.Core;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class FullyConnectedRecognitionTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void MatMulWithConstantWeightsAndBiasBecomesGemm(bool withBias, bool biasFirst)
    {
        Graph Build()
        {
            var g = new Graph();
            var x = g.AddInput("x", DataType.Float32, new Shape(3, 6));
            var p = g.AddValue("p");
            g.AddNode("MatMul", [x, g.AddConstant("w", Random(new Shape(6, 4), 1))], [p], "matmul");
            if (!withBias)
            {
                g.Outputs.Add(p);
                return g;
            }
            var y = g.AddValue("y");
            var bias = g.AddConstant("bias", Random(new Shape(1, 4), 2));
            g.AddNode("Add", biasFirst ? [bias, p] : [p, bias], [y], "add");
            g.Outputs.Add(y);
            return g;
        }
        var g = AssertSameOutputs(Build, new FullyConnectedRecognition(), 1, 1e-6f, Random(new Shape(3, 6), 3));
        var gemm = Assert.Single(g.Nodes);
        Assert.Equal("Gemm", gemm.OpType);
        Assert.Equal(1, gemm.Attributes.GetInt("transB", 0));
        Assert.Equal(new Shape(4, 6), gemm.Inputs[1]!.Constant!.Shape);
        Assert.Equal(withBias ? new Shape(4) : null, gemm.InputOrNull(2)?.Constant!.Shape);
        Assert.Equal(withBias ? "y" : "p", g.Outputs[0].Name);
    }

    [Fact]
    public void GemmInOtherFormsIsRewrittenToTransBWithUnitAlphaAndBeta()
    {
        Graph Build()
        {
            var g = new Graph();
            var x = g.AddInput("x", DataType.Float32, new Shape(2, 5));
            var y = g.AddValue("y");
            var gemm = g.AddNode("Gemm", [x, g.AddConstant("w", Random(new Shape(5, 3), 1)), g.AddConstant("c", Random(new Shape(1, 3), 2))], [y], "fc");
            gemm.Attributes.Set("alpha", 2f);
            gemm.Attributes.Set("beta", 0.5f);
            g.Outputs.Add(y);
            return g;
        }
        var g = AssertSameOutputs(Build, new FullyConnectedRecognition(), 1, 1e-6f, Random(new Shape(2, 5), 3));
        var gemm = Assert.Single(g.Nodes);
        Assert.Equal(1f, gemm.Attributes.GetFloat("alpha", 0f));
        Assert.Equal(1f, gemm.Attributes.GetFloat("beta", 0f));
        Assert.Equal(new Shape(3, 5), gemm.Inputs[1]!.Constant!.Shape);
        // Already canonical: a second run changes nothing.
        Assert.Equal(0, new FullyConnectedRecognition().Run(g));
    }

    [Fact]
    public void BatchedMatMulAndNonConstantWeightsAreNotFullyConnected()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2, 3, 6));
        var p = g.AddValue("p");
        g.AddNode("MatMul", [x, g.AddConstant("w", Random(new Shape(6, 4), 1))], [p], "batched");
        var x2 = g.AddInput("x2", DataType.Float32, new Shape(3, 6));
        var w2 = g.AddInput("w2", DataType.Float32, new Shape(6, 4));
        var q = g.AddValue("q");
        g.AddNode("MatMul", [x2, w2], [q], "dynamic");
        g.Outputs.Add(p);
        g.Outputs.Add(q);
        Assert.Equal(0, new FullyConnectedRecognition().Run(g));
    }
}
