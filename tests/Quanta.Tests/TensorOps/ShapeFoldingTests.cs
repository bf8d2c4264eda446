using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.TensorOps;

/// <summary>Shape arithmetic in ONNX graphs (int64 chains from Shape to Reshape) is folded when
/// the plan is compiled, leaving only the data-moving step.</summary>
public class ShapeFoldingTests
{
    // x[?, 3, 4] → Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])) = [batch, 12]
    private static Model FlattenByShapeChain()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 3, 4));
        var zero = g.AddConstant("zero", Tensor.Scalar(0L));
        var axes = g.AddConstant("axes", Tensor.Vector(0L));
        var minusOne = g.AddConstant("minus_one", Tensor.Vector(-1L));
        var shape = g.AddValue("shape");
        var batch = g.AddValue("batch");
        var batch1 = g.AddValue("batch1");
        var target = g.AddValue("target");
        var y = g.AddValue("y");
        g.AddNode("Shape", [x], [shape], "shape");
        g.AddNode("Gather", [shape, zero], [batch], "gather").Attributes.Set("axis", 0L);
        g.AddNode("Unsqueeze", [batch, axes], [batch1], "unsqueeze");
        g.AddNode("Concat", [batch1, minusOne], [target], "concat").Attributes.Set("axis", 0L);
        g.AddNode("Reshape", [x, target], [y], "reshape");
        g.Outputs.Add(y);
        return new Model(g) { Opsets = { [""] = 17 } };
    }

    [Fact]
    public void ShapeGatherUnsqueezeConcatReshapeFoldsToOneStep()
    {
        using var session = new InferenceSession(FlattenByShapeChain());
        foreach (int batch in new[] { 2, 5 })
        {
            var x = Nd.Iota(batch, 3, 4);
            var plan = session.PlanFor([x]);
            var step = Assert.Single(plan.Steps);
            Assert.Equal("Reshape", step.Node.OpType);
            Assert.Equal("f32-reshape-ref", step.KernelName);
            Assert.Equal(4, plan.FoldedNodes);
            var y = session.Run(x)[0];
            Assert.Equal(new Shape(batch, 12), y.Shape);
            Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
        }
    }

    [Fact]
    public void TheChainDoesNotMakeTheInputShapeRelevant()
    {
        // Shape reads only x's shape, so x's contents do not specialize the plan: a second run
        // with other values reuses it.
        using var session = new InferenceSession(FlattenByShapeChain());
        var first = session.PlanFor([Nd.Iota(2, 3, 4)]);
        var second = session.PlanFor([Nd.Random(new Random(1), 1, 2, 3, 4)]);
        Assert.Same(first, second);
    }

    [Fact]
    public void StaticInferenceKeepsTheDynamicBatchUnknown()
    {
        var model = FlattenByShapeChain();
        GraphShapeInference.Run(model.Graph, 17);
        Assert.Equal(new Shape(1), model.Graph.GetValue("batch1").Shape);
        Assert.Equal(new Shape(2), model.Graph.GetValue("target").Shape);
        Assert.Equal(DataType.Int64, model.Graph.GetValue("target").Type);
        // The target's values are not known before the batch is: rank 2, both dimensions open.
        Assert.Equal(new Shape(Shape.Unknown, Shape.Unknown), model.Graph.GetValue("y").Shape);
    }

    [Fact]
    public void ReshapeWithMinusOneKeepsAnUnknownBatch()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 3, 4));
        var target = g.AddConstant("target", Tensor.Vector(0L, -1L));
        var y = g.AddValue("y");
        g.AddNode("Reshape", [x, target], [y], "reshape");
        var z = g.AddValue("z");
        var t2 = g.AddConstant("t2", Tensor.Vector(-1L, 4L));
        g.AddNode("Reshape", [x, t2], [z], "reshape2");
        g.Outputs.Add(y);
        g.Outputs.Add(z);
        GraphShapeInference.Run(g, 17);
        Assert.Equal(new Shape(Shape.Unknown, 12), y.Shape);
        Assert.Equal(new Shape(Shape.Unknown, 4), z.Shape);
    }

    [Fact]
    public void UnknownDimensionsFlowThroughDataMovement()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 3, 4));
        var t = g.AddValue("t");
        g.AddNode("Transpose", [x], [t], "transpose").Attributes.Set("perm", [2L, 0L, 1L]);
        var s = g.AddValue("s");
        g.AddNode("Slice", [t, g.AddConstant("st", Tensor.Vector(1L)), g.AddConstant("en", Tensor.Vector(3L)), g.AddConstant("ax", Tensor.Vector(0L))], [s], "slice");
        var r = g.AddValue("r");
        g.AddNode("ReduceMean", [s], [r], "mean").Attributes.Set("axes", [2L]);
        var c = g.AddValue("c");
        g.AddNode("Concat", [r, r], [c], "concat").Attributes.Set("axis", 1L);
        GraphShapeInference.Run(g, 17);
        Assert.Equal(new Shape(4, Shape.Unknown, 3), t.Shape);
        Assert.Equal(new Shape(2, Shape.Unknown, 3), s.Shape);
        Assert.Equal(new Shape(2, Shape.Unknown, 1), r.Shape);
        Assert.Equal(new Shape(2, Shape.Unknown, 1), c.Shape);
    }

    [Fact]
    public void QuantizationParametersPassThroughDataMovement()
    {
        var q = new QuantParams(0.05f, -3);
        var g = new Graph();
        var x = g.AddInput("x", DataType.Int8, new Shape(1, 2, 3));
        x.Quant = q;
        var t = g.AddValue("t");
        g.AddNode("Transpose", [x], [t], "transpose").Attributes.Set("perm", [0L, 2L, 1L]);
        var r = g.AddValue("r");
        g.AddNode("Reshape", [t, g.AddConstant("shape", Tensor.Vector(6L))], [r], "reshape");
        g.Outputs.Add(r);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        Assert.Equal(q, t.Quant);
        Assert.Equal(q, session.Outputs[0].Quant);
        var input = Tensor.FromArray(new Shape(1, 2, 3), new sbyte[] { 1, 2, 3, 4, 5, 6 }, q);
        var y = session.Run(input)[0];
        Assert.Equal(q, y.Quant);
        Assert.Equal(new sbyte[] { 1, 4, 2, 5, 3, 6 }, y.ToArray<sbyte>());
    }
}
