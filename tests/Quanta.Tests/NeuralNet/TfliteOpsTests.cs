using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>TFLite CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, FULLY_CONNECTED and pools (NHWC) on hand-checked inputs.</summary>
public class TfliteOpsTests
{
    private static NodeCase Op(string op) => new(op, OpDomains.Tflite);

    private static readonly Tensor s_x3 = Iota(1, 3, 3, 1);

    [Fact]
    public void Conv2DValidAndSame()
    {
        var ones = Fill(1f, 1, 2, 2, 1);
        Assert.Equal([8, 12, 20, 24], Op("CONV_2D").Input(s_x3).Constant(ones).String("padding", "VALID").RunFloats());
        // SAME: total padding 1 per axis, all of it after the input (TFLite puts the odd pixel at the end)
        var same = Op("CONV_2D").Input(s_x3).Constant(ones).String("padding", "SAME").Run()[0];
        Assert.Equal(new Shape(1, 3, 3, 1), same.Shape);
        Assert.Equal([8, 12, 7, 20, 24, 13, 13, 15, 8], same.ToArray<float>());
    }

    [Fact]
    public void Conv2DBiasFusedActivationStridesAndOutputChannels()
    {
        // two output channels (OHWI): 1×1 filters 1 and −1, bias (0, 3), RELU6, stride 2
        var y = Op("CONV_2D").Input(s_x3).Constant(F([2, 1, 1, 1], 1, -1)).Constant(Tensor.Vector(0f, 3f))
            .String("padding", "VALID").Int("stride_h", 2).Int("stride_w", 2).String("fused_activation_function", "RELU6").Run()[0];
        Assert.Equal(new Shape(1, 2, 2, 2), y.Shape);
        // inputs 0, 2, 6, 8 → channel 0: min(x, 6); channel 1: max(3 − x, 0)
        Assert.Equal([0, 3, 2, 1, 6, 0, 6, 0], y.ToArray<float>());
    }

    [Fact]
    public void Conv2DWithGroupsAndDilation()
    {
        // input channels 2, filter in-channels 1 → 2 groups; output channel g reads input channel g
        var x = F([1, 1, 3, 2], 1, 10, 2, 20, 3, 30);
        var y = Op("CONV_2D").Input(x).Constant(F([2, 1, 2, 1], 1, 1, 2, 2)).String("padding", "VALID").Int("dilation_w_factor", 2).RunFloats();
        // width 3, kernel 2 dilated to 3: one output; channel 0 = 1 + 3, channel 1 = 2·(10 + 30)
        Assert.Equal([4, 80], y);
    }

    [Fact]
    public void DepthwiseConv2DWithMultiplier()
    {
        // C = 2, M = 2: output channel c·2 + m reads input channel c
        var x = F([1, 1, 2, 2], 1, 10, 2, 20);
        var f = F([1, 1, 2, 4], 1, 2, 3, 4, 5, 6, 7, 8);
        var y = Op("DEPTHWISE_CONV_2D").Input(x).Constant(f).Constant(Tensor.Vector(0f, 0f, 0f, 0.5f)).Int("depth_multiplier", 2).String("padding", "VALID").RunFloats();
        Assert.Equal([1 * 1 + 2 * 5, 1 * 2 + 2 * 6, 10 * 3 + 20 * 7, 10 * 4 + 20 * 8 + 0.5f], y);
    }

    [Fact]
    public void TransposeConvValidAndSame()
    {
        var x = F([1, 2, 2, 1], 1, 2, 3, 4);
        // VALID, kernel 2, stride 2: each input fills its own 2×2 block
        var valid = Op("TRANSPOSE_CONV").Constant(Tensor.Vector(1, 4, 4, 1)).Constant(Fill(1f, 1, 2, 2, 1)).Input(x)
            .String("padding", "VALID").Int("stride_h", 2).Int("stride_w", 2).Run()[0];
        Assert.Equal(new Shape(1, 4, 4, 1), valid.Shape);
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], valid.ToArray<float>());
        // SAME, kernel 3, stride 2, output 4: padding 0 (total 1, at the end); input i reaches 2i, 2i+1, 2i+2
        var same = Op("TRANSPOSE_CONV").Constant(Tensor.Vector(1, 4, 4, 1)).Constant(Fill(1f, 1, 3, 3, 1)).Input(x)
            .Constant(Tensor.Vector(100f)).String("padding", "SAME").Int("stride_h", 2).Int("stride_w", 2).RunFloats();
        Assert.Equal(new float[] { 1, 1, 3, 2, 1, 1, 3, 2, 4, 4, 10, 6, 3, 3, 7, 4 }.Select(v => v + 100).ToArray(), same);
    }

    [Fact]
    public void FullyConnected()
    {
        // y = x·Wᵀ + b, W [2, 3]
        var x = F([2, 3], 1, 2, 3, -1, 0, 1);
        var w = F([2, 3], 1, 0, 1, 0, 1, 0);
        Assert.Equal([4.5f, 1, 0.5f, -1], Op("FULLY_CONNECTED").Input(x).Constant(w).Constant(Tensor.Vector(0.5f, -1f)).RunFloats());
        Assert.Equal([4, 2, 0, 0], Op("FULLY_CONNECTED").Input(x).Constant(w).Absent().String("fused_activation_function", "RELU").RunFloats());
        // [1, 2, 3] keeps its rank with keep_num_dims; otherwise it flattens to [2, 3]
        var x3 = F([1, 2, 3], 1, 2, 3, -1, 0, 1);
        Assert.Equal(new Shape(1, 2, 2), Op("FULLY_CONNECTED").Input(x3).Constant(w).Int("keep_num_dims", 1).Run()[0].Shape);
        Assert.Equal(new Shape(2, 2), Op("FULLY_CONNECTED").Input(x3).Constant(w).Run()[0].Shape);
        var e = Assert.Throws<UnsupportedException>(() => Op("FULLY_CONNECTED").Input(x).Constant(w).String("weights_format", "SHUFFLED4x16INT8").Run());
        Assert.Contains("weights_format", e.Message);
    }

    [Fact]
    public void Pools()
    {
        NodeCase Pool(string op) => Op(op).Input(s_x3).Int("filter_height", 2).Int("filter_width", 2).Int("stride_h", 2).Int("stride_w", 2).String("padding", "SAME");
        // windows {0,1,3,4}, {2,5}, {6,7}, {8}: padding at the end is never counted
        Assert.Equal([2, 3.5f, 6.5f, 8], Pool("AVERAGE_POOL_2D").RunFloats());
        Assert.Equal([4, 5, 7, 8], Pool("MAX_POOL_2D").RunFloats());
        Assert.Equal([4, 5, 6, 6], Pool("MAX_POOL_2D").String("fused_activation_function", "RELU6").RunFloats());
        Close([MathF.Sqrt(26f / 4), MathF.Sqrt(29f / 2), MathF.Sqrt(85f / 2), 8], Pool("L2_POOL_2D").RunFloats());
    }

    [Fact]
    public void UnknownOptionsAreNamedErrors()
    {
        var e = Assert.Throws<GraphValidationException>(() => Op("CONV_2D").Input(s_x3).Constant(Fill(1f, 1, 2, 2, 1)).String("padding", "FULL").Run());
        Assert.Contains("padding", e.Message);
        Assert.Throws<GraphValidationException>(() => Op("MAX_POOL_2D").Input(s_x3).Int("filter_height", 2).Run());
        Assert.Throws<GraphValidationException>(() => Op("CONV_2D").Input(s_x3).Constant(Fill(1f, 1, 2, 2, 1)).String("fused_activation_function", "GELU").Run());
        Assert.Throws<UnsupportedException>(() => Op("CONV_2D").Input(s_x3).Constant(Fill(1f, 1, 2, 2, 1)).String("fused_activation_function", "SIGN_BIT").Run());
    }
}
