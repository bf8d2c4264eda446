using Quanta.Core;
using Quanta.Runtime;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>The neural-net kernels inside whole sessions: no allocation per run, shape inputs fed at run time.</summary>
public class NeuralNetSessionTests
{
    private static void AssertRunsWithoutAllocating(Model model, Tensor input)
    {
        using var session = new InferenceSession(model);
        var outputs = session.Run(input).Select(o => Tensor.Zeros(o.Type, o.Shape)).ToArray();
        Tensor[] inputs = [input];
        session.Run(inputs, outputs);
        var first = outputs.Select(o => o.ToArray<float>()).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) session.Run(inputs, outputs);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(first[0], outputs[0].ToArray<float>());
    }

    [Fact]
    public void OnnxConvPoolResizeNormGemmRunWithoutAllocating()
    {
        var rng = new Random(1);
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 2, 8, 8));
        Value Add(string op, Value?[] inputs, Action<AttributeMap>? attrs = null)
        {
            var y = g.AddValue(g.UniqueName(op));
            var node = g.AddNode(op, inputs, [y], g.UniqueName(op + "_node"));
            attrs?.Invoke(node.Attributes);
            return y;
        }
        var conv = Add("Conv", [x, g.AddConstant("w", Random(rng, 4, 2, 3, 3)), g.AddConstant("b", Random(rng, 4))], a => a.Set("pads", [1L, 1, 1, 1]));
        var pool = Add("MaxPool", [conv], a => { a.Set("kernel_shape", [2L, 2]); a.Set("strides", [2L, 2]); });
        var up = Add("Resize", [pool, null, g.AddConstant("scales", Tensor.Vector(1f, 1f, 2f, 2f))], a => a.Set("mode", "linear"));
        var norm = Add("BatchNormalization", [up, g.AddConstant("s", Random(rng, 4)), g.AddConstant("o", Random(rng, 4)),
            g.AddConstant("m", Random(rng, 4)), g.AddConstant("v", Fill(1f, 4))]);
        var avg = Add("GlobalAveragePool", [norm]);
        var y = Add("MatMul", [avg, g.AddConstant("mm", Random(rng, 1))]);
        g.Outputs.Add(y);
        AssertRunsWithoutAllocating(new Model(g) { Opsets = { [""] = 17 } }, Random(rng, 1, 2, 8, 8));
    }

    [Fact]
    public void TfliteConvPoolFullyConnectedRunWithoutAllocating()
    {
        var rng = new Random(2);
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 8, 8, 3));
        var c = g.AddValue("c");
        var conv = g.AddNode("CONV_2D", [x, g.AddConstant("w", Random(rng, 4, 3, 3, 3)), g.AddConstant("b", Random(rng, 4))], [c], "conv", OpDomains.Tflite);
        conv.Attributes.Set("fused_activation_function", "RELU");
        var p = g.AddValue("p");
        var pool = g.AddNode("AVERAGE_POOL_2D", [c], [p], "pool", OpDomains.Tflite);
        pool.Attributes.Set("filter_height", 2);
        pool.Attributes.Set("filter_width", 2);
        pool.Attributes.Set("stride_h", 2);
        pool.Attributes.Set("stride_w", 2);
        var y = g.AddValue("y");
        g.AddNode("FULLY_CONNECTED", [p, g.AddConstant("fc", Random(rng, 5, 64)), null], [y], "fc", OpDomains.Tflite);
        g.Outputs.Add(y);
        AssertRunsWithoutAllocating(new Model(g), Random(rng, 1, 8, 8, 3));
    }

    [Fact]
    public void ShapeInputsFedAtRunTimeSpecializeThePlan()
    {
        var x = F([1, 2, 2, 1], 1, 2, 3, 4);
        var a = new NodeCase("RESIZE_NEAREST_NEIGHBOR", OpDomains.Tflite).Input(x).Input(Tensor.Vector(4, 4)).Run()[0];
        Assert.Equal(new Shape(1, 4, 4, 1), a.Shape);
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], a.ToArray<float>());
        var t = new NodeCase("TRANSPOSE_CONV", OpDomains.Tflite).Input(Tensor.Vector(1, 4, 4, 1)).Constant(Fill(1f, 1, 2, 2, 1)).Input(x)
            .String("padding", "VALID").Int("stride_h", 2).Int("stride_w", 2).Run()[0];
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], t.ToArray<float>());
    }
}
