using Quanta.Core;
using Xunit;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.Passes;

public class ActivationFusionTests
{
    private static Graph TfliteConvThen(string activation)
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 5, 5, 2));
        var c = g.AddValue("c");
        var conv = g.AddNode("CONV_2D", [x, g.AddConstant("w", Random(new Shape(3, 3, 3, 2), 1, 3f)), g.AddConstant("b", Random(new Shape(3), 2))], [c], "conv", OpDomains.Tflite);
        conv.Attributes.Set("padding", "SAME");
        var y = g.AddValue("y");
        g.AddNode(activation, [c], [y], "act", OpDomains.Tflite);
        g.Outputs.Add(y);
        return g;
    }

    [Theory]
    [InlineData("RELU")]
    [InlineData("RELU6")]
    [InlineData("RELU_N1_TO_1")]
    public void TfliteActivationMovesIntoTheProducersOption(string activation)
    {
        var g = AssertSameOutputs(() => TfliteConvThen(activation), new ActivationFusion(), 1, 0f, Random(new Shape(1, 5, 5, 2), 3, 2f));
        var conv = Assert.Single(g.Nodes);
        Assert.Equal(activation, conv.Attributes.GetString("fused_activation_function", "NONE"));
        Assert.Equal("y", conv.Outputs[0].Name);
    }

    [Fact]
    public void AProducerWithAnActivationAlreadyOrAnotherReaderKeepsItsActivation()
    {
        var g = TfliteConvThen("RELU");
        g.Nodes[0].Attributes.Set("fused_activation_function", "RELU6");
        Assert.Equal(0, new ActivationFusion().Run(g));

        var g2 = TfliteConvThen("RELU");
        g2.Outputs.Add(g2.GetValue("c"));
        Assert.Equal(0, new ActivationFusion().Run(g2));
    }

    private static Graph QdqAfter(string activation, float scale, int zeroPoint, float clipMax = 6f)
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(4));
        var a = g.AddValue("a");
        if (activation == "Relu") g.AddNode("Relu", [x], [a], "act");
        else g.AddNode("Clip", [x, g.AddConstant("lo", Tensor.Scalar(0f)), g.AddConstant("hi", Tensor.Scalar(clipMax))], [a], "act");
        var q = g.AddValue("q");
        g.AddNode("QuantizeLinear", [a, g.AddConstant("s", Tensor.Scalar(scale)), g.AddConstant("zp", Tensor.Scalar((sbyte)zeroPoint))], [q], "quant");
        g.Outputs.Add(q);
        return g;
    }

    [Theory]
    // Relu: exact when real 0 is the lowest code (zero point −128).
    [InlineData("Relu", 0.05f, -128, true)]
    [InlineData("Relu", 0.05f, -127, false)]
    [InlineData("Relu", 0.05f, 0, false)]
    // Clip(0, 6): also the top code must be at or below 6: 255 steps of 6/255 reach 6 exactly.
    [InlineData("Clip", 6f / 255, -128, true)]
    [InlineData("Clip", 5.5f / 255, -128, true)]
    // Steps of 0.03 reach 0.03·255 = 7.65 > 6: the Clip still clamps values the quantizer would keep.
    [InlineData("Clip", 0.03f, -128, false)]
    public void ActivationBeforeQuantizeLinearIsRemovedOnlyWhenTheQuantizerClampsTheSame(string activation, float scale, int zeroPoint, bool removed)
    {
        var g = QdqAfter(activation, scale, zeroPoint);
        Assert.Equal(removed ? 1 : 0, new ActivationFusion().Run(g));
        GraphVerifier.Verify(g);
        Assert.Equal(removed ? ["QuantizeLinear"] : [activation, "QuantizeLinear"], g.Nodes.Select(n => n.OpType));
        if (removed) Assert.Equal("x", g.Nodes[0].Inputs[0]!.Name);
    }
}
