using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>Shape inference of the neural-net schemas with partly unknown shapes (dynamic batch, unknown contents).</summary>
public class NeuralNetSchemaTests
{
    private static Shape? Infer(string op, Shape? input, Action<Graph, List<Value?>> moreInputs, Action<AttributeMap>? attrs = null, string domain = OpDomains.Onnx)
    {
        var g = new Graph();
        var inputs = new List<Value?> { g.AddInput("x", DataType.Float32, input) };
        moreInputs(g, inputs);
        var y = g.AddValue("y");
        var node = g.AddNode(op, inputs, [y], "n", domain);
        attrs?.Invoke(node.Attributes);
        GraphShapeInference.Run(g, 17);
        return y.Shape;
    }

    [Fact]
    public void ConvKeepsAnUnknownBatchAndComputesSpatialSizes()
    {
        var y = Infer("Conv", new Shape(Shape.Unknown, 3, 32, Shape.Unknown), (g, i) => i.Add(g.AddConstant("w", Fill(0f, 8, 3, 3, 3))),
            a => { a.Set("strides", [2L, 2]); a.Set("auto_pad", "SAME_UPPER"); });
        Assert.Equal(new Shape(Shape.Unknown, 8, 16, Shape.Unknown), y);
    }

    [Fact]
    public void WeightsOfUnknownShapeWithKernelShapeStillGiveSpatialSizes()
    {
        var y = Infer("Conv", new Shape(1, 3, 10, 10), (g, i) => i.Add(g.AddInput("w", DataType.Float32, new Shape(Shape.Unknown, 3, Shape.Unknown, Shape.Unknown))),
            a => a.Set("kernel_shape", [3L, 3]));
        Assert.Equal(new Shape(1, Shape.Unknown, 8, 8), y);
    }

    [Fact]
    public void ResizeWithUnknownScalesKnowsOnlyTheRank()
    {
        var y = Infer("Resize", new Shape(1, 3, 4, 4), (g, i) => { i.Add(null); i.Add(g.AddInput("scales", DataType.Float32, new Shape(4))); });
        Assert.Equal(new Shape(Shape.Unknown, Shape.Unknown, Shape.Unknown, Shape.Unknown), y);
        var known = Infer("Resize", new Shape(Shape.Unknown, 3, 4, 5), (g, i) => { i.Add(null); i.Add(g.AddConstant("s", Tensor.Vector(1f, 1f, 1.5f, 0.5f))); });
        Assert.Equal(new Shape(Shape.Unknown, 3, 6, 2), known);
    }

    [Fact]
    public void TfliteOpsWithDynamicBatch()
    {
        var conv = Infer("DEPTHWISE_CONV_2D", new Shape(Shape.Unknown, 9, 9, 4), (g, i) => i.Add(g.AddConstant("w", Fill(0f, 1, 3, 3, 8))),
            a => { a.Set("padding", "VALID"); a.Set("stride_h", 2); a.Set("stride_w", 2); }, OpDomains.Tflite);
        Assert.Equal(new Shape(Shape.Unknown, 4, 4, 8), conv);
        var fc = Infer("FULLY_CONNECTED", new Shape(Shape.Unknown, 4, 4, 8), (g, i) => i.Add(g.AddConstant("w", Fill(0f, 10, 128))), null, OpDomains.Tflite);
        Assert.Equal(new Shape(Shape.Unknown, 10), fc);
        // TRANSPOSE_CONV whose output shape is not known before running: rank 4, depth from the weights
        var g = new Graph();
        var shape = g.AddInput("shape", DataType.Int32, new Shape(4));
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 3, 3, 2));
        var y = g.AddValue("y");
        g.AddNode("TRANSPOSE_CONV", [shape, g.AddConstant("w", Fill(0f, 5, 3, 3, 2)), x], [y], "t", OpDomains.Tflite);
        GraphShapeInference.Run(g, 17);
        Assert.Equal(new Shape(Shape.Unknown, Shape.Unknown, Shape.Unknown, 5), y.Shape);
        Assert.Equal(DataType.Float32, y.Type);
    }

    [Fact]
    public void MatMulAndGemmShapes()
    {
        Assert.Equal(new Shape(5, Shape.Unknown, 2), Infer("MatMul", new Shape(Shape.Unknown, 3), (g, i) => i.Add(g.AddInput("b", DataType.Float32, new Shape(5, 3, 2)))));
        Assert.Equal(new Shape(4, 2), Infer("Gemm", new Shape(3, 4), (g, i) => i.Add(g.AddInput("b", DataType.Float32, new Shape(2, 3))),
            a => { a.Set("transA", 1L); a.Set("transB", 1L); }));
    }
}
