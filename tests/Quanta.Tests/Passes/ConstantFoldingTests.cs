using Quanta.Core;
using Quanta.Runtime;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class ConstantFoldingTests
{
    private static Graph ScaledInput()
    {
        // y = x · (a + b) · reshape(c): the Add and the Reshape depend on constants only.
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2, 3));
        var sum = g.AddValue("sum");
        g.AddNode("Add", [g.AddConstant("a", Tensor.Vector(1f, 2f, 3f)), g.AddConstant("b", Tensor.Vector(0.5f, 0.5f, 0.5f))], [sum], "add");
        var reshaped = g.AddValue("reshaped");
        g.AddNode("Reshape", [g.AddConstant("c", Tensor.FromArray(new Shape(3, 1), [2f, 3f, 4f])), g.AddConstant("shape", Tensor.Vector(1L, 3L))], [reshaped], "reshape");
        var m1 = g.AddValue("m1");
        g.AddNode("Mul", [x, sum], [m1], "mul1");
        var y = g.AddValue("y");
        g.AddNode("Mul", [m1, reshaped], [y], "mul2");
        g.Outputs.Add(y);
        return g;
    }

    [Fact]
    public void NodesOfConstantsBecomeConstantsWithTheSameResult()
    {
        var x = Tensor.FromArray(new Shape(2, 3), [1f, 2f, 3f, -1f, 0f, 2f]);
        var g = AssertSameOutputs(ScaledInput, new ConstantFolding(new KernelNodeEvaluator(17)), 2, 0f, x);
        Assert.Equal(["Mul", "Mul"], g.Nodes.Select(n => n.OpType));
        Assert.Equal([1.5f, 2.5f, 3.5f], g.GetValue("sum").Constant!.ToArray<float>());
        Assert.Equal(new Shape(1, 3), g.GetValue("reshaped").Constant!.Shape);
        // The inputs only the folded nodes read are gone.
        Assert.Null(g.FindValue("a"));
        Assert.Null(g.FindValue("shape"));
    }

    [Fact]
    public void WeightStorageMarkersAreKept()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2));
        var wf = g.AddValue("wf");
        var cast = g.AddNode("Cast", [g.AddConstant("w16", Tensor.Vector((Half)1.5f, (Half)2f))], [wf], "cast");
        cast.Attributes.Set("to", (long)DataType.Float32);
        var y = g.AddValue("y");
        g.AddNode("Mul", [x, wf], [y], "mul");
        g.Outputs.Add(y);
        Assert.Equal(0, new ConstantFolding(new KernelNodeEvaluator(17)).Run(g));
        Assert.True(ConstantFolding.IsStorageMarker(cast));
        // With no exception list the same Cast folds.
        Assert.Equal(1, new ConstantFolding(new KernelNodeEvaluator(17), _ => false).Run(g));
        Assert.Equal([1.5f, 2f], g.GetValue("wf").Constant!.ToArray<float>());
    }

    [Fact]
    public void NodesWithoutAKernelAreLeftAlone()
    {
        var g = new Graph();
        var y = g.AddValue("y");
        g.AddNode("NoSuchOp", [g.AddConstant("a", Tensor.Vector(1f))], [y], "mystery");
        g.Outputs.Add(y);
        Assert.Equal(0, new ConstantFolding(new KernelNodeEvaluator(17)).Run(g));
        Assert.Single(g.Nodes);
    }
}
