using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>QUANTIZE and DEQUANTIZE as tflite-domain nodes of a graph run by an InferenceSession.</summary>
public class QuantizeGraphTests
{
    [Fact]
    public void FloatThroughInt8AndBackRunsOnQuantizedKernels()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 4));
        var q = g.AddValue("q", DataType.Int8);
        q.Quant = new QuantParams(0.5f, -1);
        var y = g.AddValue("y");
        g.AddNode("QUANTIZE", [x], [q], "quantize", OpDomains.Tflite);
        g.AddNode("DEQUANTIZE", [q], [y], "dequantize", OpDomains.Tflite);
        g.Outputs.Add(y);
        using var session = new InferenceSession(new Model(g));

        var result = session.Run(Tensor.FromArray(new Shape(2, 4), new[] { 0.25f, -0.25f, 1.1f, -70f, 63.5f, 64f, 0f, -0.75f }))[0];
        // round_half_away(x/0.5) − 1, clamped to [−128, 127], then 0.5·(q + 1).
        Assert.Equal(new[] { 0.5f, -0.5f, 1f, -63.5f, 63.5f, 64f, 0f, -1f }, result.ToArray<float>());
        Assert.Equal(["f32-quantize-ref", "i8-dequantize-ref"], session.Plan!.Steps.Select(s => s.KernelName));
    }

    [Fact]
    public void ConstantFloat16WeightsAreDequantizedAtCompileTime()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(3));
        var w16 = g.AddConstant("w16", Tensor.FromArray(new Shape(3), new[] { (Half)0.5f, (Half)(-2f), (Half)1024f }));
        var w = g.AddValue("w");
        var y = g.AddValue("y");
        g.AddNode("DEQUANTIZE", [w16], [w], "dequantize", OpDomains.Tflite);
        g.AddNode("Add", [x, w], [y], "add");
        g.Outputs.Add(y);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        var result = session.Run(Tensor.FromArray(new Shape(3), new[] { 1f, 1f, 1f }))[0];
        Assert.Equal(new[] { 1.5f, -1f, 1025f }, result.ToArray<float>());
        // Folded before the plan runs (by the session's graph optimizer or the plan compiler): no step dequantizes.
        Assert.DoesNotContain(session.Plan!.Steps, s => s.Node.OpType == "DEQUANTIZE");
    }

    [Fact]
    public void QuantizeNeedsTheOutputsDeclaredType()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2));
        var q = g.AddValue("q");
        g.AddNode("QUANTIZE", [x], [q], "quantize", OpDomains.Tflite);
        g.Outputs.Add(q);
        var e = Assert.ThrowsAny<QuantaException>(() => new InferenceSession(new Model(g)).Run(Tensor.FromArray(new Shape(2), new[] { 1f, 2f })));
        Assert.Contains("'q'", e.Message);
    }
}
