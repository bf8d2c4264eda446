using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Elementwise;

/// <summary>Kernels are bound once per plan; a run with a cached plan allocates nothing.</summary>
public class ElementwiseAllocationTests
{
    [Fact]
    public void BroadcastBinaryWhereClipVariadicAndFusedAddRunWithoutAllocating()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(4, 8));
        var b = g.AddInput("b", DataType.Float32, new Shape(8));
        var sum = g.AddValue("sum");
        var less = g.AddValue("less");
        var picked = g.AddValue("picked");
        var clipped = g.AddValue("clipped");
        var max = g.AddValue("max");
        var fused = g.AddValue("fused");
        var sig = g.AddValue("sig");
        g.AddNode("Add", [x, b], [sum], "add");
        g.AddNode("Less", [sum, b], [less], "less");
        g.AddNode("Where", [less, x, b], [picked], "where");
        g.AddNode("Clip", [picked, g.AddConstant("lo", Tensor.Scalar(-1f)), null], [clipped], "clip");
        g.AddNode("Max", [clipped, x, b], [max], "max");
        g.AddNode("ADD", [max, b], [fused], "tfl_add", OpDomains.Tflite).Attributes.Set("fused_activation_function", "RELU6");
        g.AddNode("Sigmoid", [fused], [sig], "sigmoid");
        g.Outputs.Add(sig);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        Tensor[] inputs = [Tensor.Zeros(DataType.Float32, new Shape(4, 8)), Tensor.Zeros(DataType.Float32, new Shape(8))];
        var y = Tensor.Zeros(DataType.Float32, new Shape(4, 8));
        Tensor[] outputs = [y];
        session.Run(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) session.Run(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0.5f, y.ToArray<float>()[0]); // all zeros → max 0 → relu6 0 → sigmoid ½
    }
}
