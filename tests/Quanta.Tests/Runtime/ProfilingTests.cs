using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Runtime;

public sealed class ProfilingTests
{
    // x [1,3,10,10] → Conv 8×3×3×3 pad 1 → [1,8,10,10] → depthwise 3×3 stride 2 pad 1 → [1,8,5,5]
    // → Flatten [1,200] → Gemm [200→10] → MatMul [10→4].
    private static Model ConvNet()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 3, 10, 10));
        var w1 = g.AddConstant("w1", Filled(new Shape(8, 3, 3, 3), 0.01f));
        var w2 = g.AddConstant("w2", Filled(new Shape(8, 1, 3, 3), 0.02f));
        var w3 = g.AddConstant("w3", Filled(new Shape(10, 200), 0.03f));
        var w4 = g.AddConstant("w4", Filled(new Shape(10, 4), 0.04f));
        var c1 = g.AddValue("c1");
        var c2 = g.AddValue("c2");
        var f = g.AddValue("f");
        var h = g.AddValue("h");
        var y = g.AddValue("y");
        g.AddNode("Conv", [x, w1], [c1], "conv").Attributes.Set("pads", [1L, 1, 1, 1]);
        var dw = g.AddNode("Conv", [c1, w2], [c2], "dw");
        dw.Attributes.Set("pads", [1L, 1, 1, 1]);
        dw.Attributes.Set("strides", [2L, 2]);
        dw.Attributes.Set("group", 8L);
        g.AddNode("Flatten", [c2], [f], "flatten");
        g.AddNode("Gemm", [f, w3], [h], "gemm").Attributes.Set("transB", 1L);
        g.AddNode("MatMul", [h, w4], [y], "matmul");
        g.Outputs.Add(y);
        return new Model(g);
    }

    private static Tensor Filled(Shape shape, float value)
    {
        var t = Tensor.Zeros(DataType.Float32, shape);
        t.AsSpan<float>().Fill(value);
        return t;
    }

    // Hand-computed: conv 800 outputs × 27, depthwise 200 outputs × 9, Gemm 10 × 200, MatMul 4 × 10.
    private const long ConvMacs = 800 * 27, DepthwiseMacs = 200 * 9, GemmMacs = 10 * 200, MatMulMacs = 4 * 10;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MacsFollowFromShapesWhetherOrNotTheGraphIsLowered(bool optimize)
    {
        using var session = new InferenceSession(ConvNet(), new SessionOptions { OptimizeGraph = optimize, EnableProfiling = true });
        var inputs = RandomInputs.For(session.Inputs);
        var result = SessionBenchmark.Measure(session, inputs, warmup: 1, runs: 3);
        var p = Assert.IsType<ProfileSummary>(result.Profile);
        Assert.Equal(ConvMacs + DepthwiseMacs + GemmMacs + MatMulMacs, p.TotalMacs);
        Assert.Contains(p.Nodes, n => n.Macs == ConvMacs);
        Assert.Contains(p.Nodes, n => n.Macs == DepthwiseMacs);
        Assert.Contains(p.Nodes, n => n.Macs == MatMulMacs);
        Assert.Equal(1.0, p.Nodes.Sum(n => n.Share), 9);
        Assert.Equal(p.TotalMacs, p.OpTypes.Sum(o => o.Macs));
        Assert.Equal(3, p.Runs);
    }

    [Fact]
    public void LatencyPercentilesInterpolateBetweenRanks()
    {
        var s = LatencySummary.Of([5.0, 1, 4, 2, 3]);
        Assert.Equal(3, s.Median);
        Assert.Equal(1.4, s.P10, 12);
        Assert.Equal(4.6, s.P90, 12);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(3, s.Mean);
        Assert.Equal(2.5, LatencySummary.Of([1.0, 2, 3, 4]).Median);
        Assert.Throws<ArgumentException>(() => LatencySummary.Of([]));
    }

    [Fact]
    public void RandomInputsAreSeededAndTakeTheDeclaredShape()
    {
        TensorInfo[] infos = [new("a", DataType.Float32, new Shape(Shape.Unknown, 4), null), new("b", DataType.Int8, new Shape(2, 3), null)];
        var first = RandomInputs.For(infos, seed: 7);
        var again = RandomInputs.For(infos, seed: 7);
        var other = RandomInputs.For(infos, seed: 8);
        Assert.Equal(new Shape(1, 4), first[0].Shape);
        Assert.Equal(new Shape(2, 3), first[1].Shape);
        Assert.Equal(first[0].ToArray<float>(), again[0].ToArray<float>());
        Assert.NotEqual(first[0].ToArray<float>(), other[0].ToArray<float>());
        Assert.Throws<InvalidInputException>(() => RandomInputs.For([new TensorInfo("c", DataType.Float32, null, null)]));
    }
}
