using Quanta.Core;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class BatchNormFoldingTests
{
    private static Graph ConvBn(bool withBias, int group = 1)
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2, 4, 5, 5));
        var w = g.AddConstant("w", Random(new Shape(6, 4 / group, 3, 3), 1));
        var b = withBias ? g.AddConstant("b", Random(new Shape(6), 2)) : null;
        var conv = g.AddValue("conv");
        var conv1 = g.AddNode("Conv", [x, w, b], [conv], "conv");
        conv1.Attributes.Set("pads", [1L, 1, 1, 1]);
        conv1.Attributes.Set("group", (long)group);
        var y = g.AddValue("y");
        var bn = g.AddNode("BatchNormalization",
            [conv, g.AddConstant("gamma", Random(new Shape(6), 3)), g.AddConstant("beta", Random(new Shape(6), 4)),
             g.AddConstant("mean", Random(new Shape(6), 5)), g.AddConstant("var", Positive(new Shape(6), 6))], [y], "bn");
        bn.Attributes.Set("epsilon", 1e-3f);
        var r = g.AddValue("r");
        g.AddNode("Relu", [y], [r], "relu");
        g.Outputs.Add(r);
        return g;
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void ConvFollowedByBatchNormComputesTheSameAfterFolding(bool withBias, int group)
    {
        var g = AssertSameOutputs(() => ConvBn(withBias, group), new BatchNormFolding(), 1, 1e-5f, Random(new Shape(2, 4, 5, 5), 9));
        Assert.Equal(["Conv", "Relu"], g.Nodes.Select(n => n.OpType));
        // The conv now writes the BatchNormalization's output value, so its readers are untouched.
        Assert.Equal("y", g.Nodes[0].Outputs[0].Name);
        Assert.NotNull(g.Nodes[0].Inputs[2]);
    }

    [Fact]
    public void FoldedWeightsAreScaledPerOutputChannel()
    {
        // One channel, hand-computed: s = γ/√(var+ε) = 2/√(3+1) = 1; W' = W, b' = (b − mean)·s + β.
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 1, 1, 1));
        var conv = g.AddValue("conv");
        g.AddNode("Conv", [x, g.AddConstant("w", Tensor.FromArray(new Shape(1, 1, 1, 1), [3f])), g.AddConstant("b", Tensor.Vector(5f))], [conv], "conv");
        var y = g.AddValue("y");
        var bn = g.AddNode("BatchNormalization", [conv, g.AddConstant("g", Tensor.Vector(4f)), g.AddConstant("be", Tensor.Vector(0.5f)),
            g.AddConstant("m", Tensor.Vector(1f)), g.AddConstant("v", Tensor.Vector(3f))], [y], "bn");
        bn.Attributes.Set("epsilon", 1f);
        g.Outputs.Add(y);
        Assert.Equal(1, new BatchNormFolding().Run(g));
        // s = 4/√4 = 2: W' = 6, b' = (5 − 1)·2 + 0.5 = 8.5.
        Assert.Equal([6f], g.Nodes[0].Inputs[1]!.Constant!.ToArray<float>());
        Assert.Equal([8.5f], g.Nodes[0].Inputs[2]!.Constant!.ToArray<float>());
        Assert.Contains(y, g.Outputs);
        GraphVerifier.Verify(g);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    public void GemmFollowedByBatchNormComputesTheSameAfterFolding(long transB)
    {
        Graph Build()
        {
            var g = new Graph();
            var x = g.AddInput("x", DataType.Float32, new Shape(3, 8));
            var gemmOut = g.AddValue("gemm");
            var gemm = g.AddNode("Gemm", [x, g.AddConstant("w", Random(transB == 1 ? new Shape(5, 8) : new Shape(8, 5), 1)),
                g.AddConstant("c", Random(new Shape(5), 2))], [gemmOut], "gemm");
            gemm.Attributes.Set("transB", transB);
            gemm.Attributes.Set("beta", 0.5f);
            var y = g.AddValue("y");
            g.AddNode("BatchNormalization", [gemmOut, g.AddConstant("gamma", Random(new Shape(5), 3)), g.AddConstant("beta", Random(new Shape(5), 4)),
                g.AddConstant("mean", Random(new Shape(5), 5)), g.AddConstant("var", Positive(new Shape(5), 6))], [y], "bn");
            g.Outputs.Add(y);
            return g;
        }
        var folded = AssertSameOutputs(Build, new BatchNormFolding(), 1, 1e-5f, Random(new Shape(3, 8), 7));
        Assert.Equal(["Gemm"], folded.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void BatchNormAfterAConvWithAnotherReaderIsKept()
    {
        var g = ConvBn(true);
        var extra = g.AddValue("extra");
        g.AddNode("Relu", [g.GetValue("conv")], [extra], "other");
        g.Outputs.Add(extra);
        Assert.Equal(0, new BatchNormFolding().Run(g));
        Assert.Contains(g.Nodes, n => n.OpType == "BatchNormalization");
    }
}
