using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>ONNX BatchNormalization, InstanceNormalization, LRN and TFLite L2_NORMALIZATION.</summary>
public class NormalizationTests
{
    [Fact]
    public void BatchNormalizationUsesTheRunningStatistics()
    {
        // channel 0: (x − 1) / 2 · 1 + 0; channel 1: (x − 3) / 1 · 2 + 1
        var y = new NodeCase("BatchNormalization").Input(F([1, 2, 1, 2], 1, 2, 3, 4))
            .Constant(Tensor.Vector(1f, 2f)).Constant(Tensor.Vector(0f, 1f)).Constant(Tensor.Vector(1f, 3f)).Input(Tensor.Vector(4f, 1f))
            .Float("epsilon", 0f).RunFloats();
        Assert.Equal([0, 0.5f, 1, 3], y);
        // epsilon defaults to 1e-5: sqrt(4 + 1e-5) instead of 2
        var d = new NodeCase("BatchNormalization").Input(F([1, 1, 1, 1], 3))
            .Constant(Tensor.Vector(1f)).Constant(Tensor.Vector(0f)).Constant(Tensor.Vector(1f)).Constant(Tensor.Vector(4f)).RunFloats();
        Assert.Equal(2 / Math.Sqrt(4 + 1e-5), d[0], 6);
    }

    [Fact]
    public void BatchNormalizationTrainingModeIsUnsupported()
    {
        var e = Assert.Throws<UnsupportedException>(() => new NodeCase("BatchNormalization").Input(F([1, 1, 1, 1], 3))
            .Constant(Tensor.Vector(1f)).Constant(Tensor.Vector(0f)).Constant(Tensor.Vector(1f)).Constant(Tensor.Vector(4f))
            .Int("training_mode", 1).Run());
        Assert.Contains("training_mode", e.Message);
        Assert.Contains("'node'", e.Message);
    }

    [Fact]
    public void InstanceNormalizationNormalizesEachChannelOfEachImage()
    {
        // x = 1, 2, 3, 4: mean 2.5, variance 1.25
        var y = new NodeCase("InstanceNormalization").Input(F([1, 1, 4], 1, 2, 3, 4))
            .Constant(Tensor.Vector(2f)).Constant(Tensor.Vector(1f)).Float("epsilon", 0f).RunFloats();
        float s = MathF.Sqrt(1.25f);
        Close([2 * -1.5f / s + 1, 2 * -0.5f / s + 1, 2 * 0.5f / s + 1, 2 * 1.5f / s + 1], y);
    }

    [Fact]
    public void LrnSumsSquaresOverNeighbouringChannels()
    {
        // alpha / size = 1, beta = 1, bias = 1: y = x / (1 + Σ x²)
        var x = F([1, 3, 1, 1], 1, 2, 3);
        Close([1f / 6, 2f / 15, 3f / 14], new NodeCase("LRN").Input(x).Int("size", 3).Float("alpha", 3f).Float("beta", 1f).RunFloats());
        // size 2: the window is (c, c + 1)
        Close([1f / 6, 2f / 14, 3f / 10], new NodeCase("LRN").Input(x).Int("size", 2).Float("alpha", 2f).Float("beta", 1f).RunFloats());
    }

    [Fact]
    public void L2NormalizationDividesByTheRowNorm()
    {
        var y = new NodeCase("L2_NORMALIZATION", OpDomains.Tflite).Input(F([2, 2], 3, 4, 0, 0)).RunFloats();
        Assert.Equal([0.6f, 0.8f, 0, 0], y);
    }
}
