using Quanta.Core;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class IdentityEliminationTests
{
    private static Graph Chain(bool identityIsOutput)
    {
        // x → Relu → Identity → Dropout(mask unused) → Relu → [Identity] → y
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(4));
        var a = g.AddValue("a");
        g.AddNode("Relu", [x], [a], "relu1");
        var b = g.AddValue("b");
        g.AddNode("Identity", [a], [b], "id1");
        var c = g.AddValue("c");
        var mask = g.AddValue("mask");
        g.AddNode("Dropout", [b, g.AddConstant("ratio", Tensor.Scalar(0.5f))], [c, mask], "drop");
        var d = g.AddValue("d");
        g.AddNode("Neg", [c], [d], "neg");
        if (identityIsOutput)
        {
            var y = g.AddValue("y");
            g.AddNode("Identity", [d], [y], "id2");
            g.Outputs.Add(y);
        }
        else
        {
            g.Outputs.Add(d);
        }
        return g;
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void PassThroughNodesDisappearAndOutputsKeepTheirNames(bool identityIsOutput, int removed)
    {
        var x = Tensor.Vector(1f, -2f, 3f, 0f);
        var g = AssertSameOutputs(() => Chain(identityIsOutput), new IdentityElimination(), removed, 0f, x);
        Assert.Equal(["Relu", "Neg"], g.Nodes.Select(n => n.OpType));
        Assert.Equal(identityIsOutput ? "y" : "d", g.Outputs[0].Name);
        Assert.Same(g.Nodes[1], g.Outputs[0].Producer);
        Assert.Null(g.FindValue("mask"));
    }

    [Fact]
    public void IdentityFromAGraphInputToAGraphOutputStays()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(4));
        var y = g.AddValue("y");
        g.AddNode("Identity", [x], [y], "id");
        g.Outputs.Add(y);
        Assert.Equal(0, new IdentityElimination().Run(g));
    }

    [Fact]
    public void DropoutInTrainingModeOrWithAReadMaskStays()
    {
        var g = Chain(false);
        var drop = g.Nodes.Single(n => n.OpType == "Dropout");
        drop.Inputs.Add(g.AddConstant("training", Tensor.Scalar(true)));
        Assert.Equal(1, new IdentityElimination().Run(g));
        Assert.Contains(g.Nodes, n => n.OpType == "Dropout");

        var g2 = Chain(false);
        g2.Outputs.Add(g2.GetValue("mask"));
        new IdentityElimination().Run(g2);
        Assert.Contains(g2.Nodes, n => n.OpType == "Dropout");
    }
}
