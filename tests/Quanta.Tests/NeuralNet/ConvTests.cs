using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>ONNX Conv and ConvTranspose on small inputs whose outputs are worked out by hand
/// (several are the examples of the ONNX operator documentation).</summary>
public class ConvTests
{
    private static readonly Tensor s_x5 = Iota(1, 1, 5, 5);
    private static readonly Tensor s_ones3 = Fill(1f, 1, 1, 3, 3);

    [Fact]
    public void PaddedConvSumsTheInsideOfEachWindow()
    {
        var y = new NodeCase("Conv").Input(s_x5).Constant(s_ones3).Ints("pads", 1, 1, 1, 1).Run()[0];
        Assert.Equal(new Shape(1, 1, 5, 5), y.Shape);
        Assert.Equal([12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81, 93, 144, 153, 162, 111, 72, 111, 117, 123, 84], y.ToArray<float>());
    }

    [Fact]
    public void UnpaddedAndStridedConv()
    {
        Assert.Equal([54, 63, 72, 99, 108, 117, 144, 153, 162], new NodeCase("Conv").Input(s_x5).Constant(s_ones3).RunFloats());
        Assert.Equal([12, 27, 24, 63, 108, 81, 72, 117, 84],
            new NodeCase("Conv").Input(s_x5).Constant(s_ones3).Ints("pads", 1, 1, 1, 1).Ints("strides", 2, 2).RunFloats());
        Assert.Equal([54, 72, 144, 162], new NodeCase("Conv").Input(s_x5).Constant(s_ones3).Ints("strides", 2, 2).RunFloats());
    }

    [Fact]
    public void AsymmetricPadsAndKernelShapeAttribute()
    {
        // x 7×5, pads (top 1, left 0, bottom 1, right 0), stride 2 → 4×2
        var y = new NodeCase("Conv").Input(Iota(1, 1, 7, 5)).Constant(s_ones3)
            .Ints("pads", 1, 0, 1, 0).Ints("strides", 2, 2).Ints("kernel_shape", 3, 3).Run()[0];
        Assert.Equal(new Shape(1, 1, 4, 2), y.Shape);
        Assert.Equal([21, 33, 99, 117, 189, 207, 171, 183], y.ToArray<float>());
    }

    [Fact]
    public void AutoPadSameUpperAndLowerPlaceTheOddPixelDifferently()
    {
        // x 4×4 (0…15), kernel 2×2 of ones, stride 1: total padding 1 per axis.
        var x = Iota(1, 1, 4, 4);
        var w = Fill(1f, 1, 1, 2, 2);
        var upper = new NodeCase("Conv").Input(x).Constant(w).String("auto_pad", "SAME_UPPER").RunFloats();
        var lower = new NodeCase("Conv").Input(x).Constant(w).String("auto_pad", "SAME_LOWER").RunFloats();
        // UPPER pads after: y[0,0] = 0+1+4+5, y[3,3] = 15 alone.
        Assert.Equal(10, upper[0]);
        Assert.Equal(15, upper[15]);
        // LOWER pads before: y[0,0] = 0 alone, y[3,3] = 10+11+14+15.
        Assert.Equal(0, lower[0]);
        Assert.Equal(50, lower[15]);
        Assert.Equal([0, 1, 3, 5, 4, 10, 14, 18], lower[..8]);
    }

    [Fact]
    public void DilatedConvSkipsInputs()
    {
        // kernel 2×2 of ones, dilation 2: y[i,j] = x[i,j] + x[i,j+2] + x[i+2,j] + x[i+2,j+2] = 20i + 4j + 24
        var y = new NodeCase("Conv").Input(s_x5).Constant(Fill(1f, 1, 1, 2, 2)).Ints("dilations", 2, 2).RunFloats();
        Assert.Equal([24, 28, 32, 44, 48, 52, 64, 68, 72], y);
    }

    [Fact]
    public void GroupsAndBias()
    {
        // two groups of one channel; weights 2 and 3; bias 10 and 20
        var x = F([1, 2, 1, 2], 1, 2, 3, 4);
        var y = new NodeCase("Conv").Input(x).Constant(F([2, 1, 1, 1], 2, 3)).Constant(Tensor.Vector(10f, 20f)).Int("group", 2).RunFloats();
        Assert.Equal([12, 14, 29, 32], y);
    }

    [Fact]
    public void DepthwiseWithMultiplierTwo()
    {
        // group = C = 2, four outputs: channels 0, 1 read input 0, channels 2, 3 read input 1
        var x = F([1, 2, 1, 1], 5, 7);
        var y = new NodeCase("Conv").Input(x).Constant(F([4, 1, 1, 1], 1, 2, 3, 4)).Int("group", 2).RunFloats();
        Assert.Equal([5, 10, 21, 28], y);
    }

    [Fact]
    public void OneAndThreeDimensionalConv()
    {
        // 1-D: w = (1, 2, 3), pads 1: y[o] = x[o−1] + 2x[o] + 3x[o+1]
        var y1 = new NodeCase("Conv").Input(Iota(1, 1, 5)).Constant(F([1, 1, 3], 1, 2, 3)).Ints("pads", 1, 1).RunFloats();
        Assert.Equal([3, 8, 14, 20, 11], y1);
        // 3-D: 2×2×2 cube of ones over a 3×3×3 ramp: y = 52 + 8·(9d + 3h + w)
        var y3 = new NodeCase("Conv").Input(Iota(1, 1, 3, 3, 3)).Constant(Fill(1f, 1, 1, 2, 2, 2)).RunFloats();
        Assert.Equal([52, 60, 76, 84, 124, 132, 148, 156], y3);
    }

    [Fact]
    public void WeightsAndBiasMayBeGraphInputs()
    {
        var y = new NodeCase("Conv").Input(s_x5).Input(s_ones3).Input(Tensor.Vector(1f)).RunFloats();
        Assert.Equal([55, 64, 73, 100, 109, 118, 145, 154, 163], y);
    }

    [Fact]
    public void ConvTransposeScattersEachInputOverTheKernel()
    {
        // ONNX documentation example: 3×3 ramp, 3×3 ones, two output channels
        var y = new NodeCase("ConvTranspose").Input(Iota(1, 1, 3, 3)).Constant(Fill(1f, 1, 2, 3, 3)).Run()[0];
        Assert.Equal(new Shape(1, 2, 5, 5), y.Shape);
        float[] channel = [0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8];
        Assert.Equal([.. channel, .. channel], y.ToArray<float>());
    }

    [Fact]
    public void ConvTransposeStridesPadsAndOutputShape()
    {
        var x = Iota(1, 1, 3, 3);
        var w = Fill(1f, 1, 1, 3, 3);
        // Stride (3, 2): full output 9×7, each input row r fills rows 3r…3r+2 with
        // (x0, x0, x0+x1, x1, x1+x2, x2, x2); pads (1, 2, 1, 2) crop it to 7×3.
        var cropped = new NodeCase("ConvTranspose").Input(x).Constant(w).Ints("strides", 3, 2).Ints("pads", 1, 2, 1, 2).RunFloats();
        Assert.Equal([1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7, 15, 13, 7, 15], cropped);
        // output_shape 10×8 extends it with zeros at the end.
        var extended = new NodeCase("ConvTranspose").Input(x).Constant(w).Ints("strides", 3, 2).Ints("output_shape", 10, 8).Run()[0];
        Assert.Equal(new Shape(1, 1, 10, 8), extended.Shape);
        var e = extended.ToArray<float>();
        Assert.Equal([3, 3, 7, 4, 9, 5, 5, 0], e[(3 * 8)..(4 * 8)]);
        Assert.Equal(new float[8], e[(9 * 8)..]);
    }

    [Fact]
    public void ConvTransposeSameUpperAndDilations()
    {
        var same = new NodeCase("ConvTranspose").Input(Iota(1, 1, 3, 3)).Constant(Fill(1f, 1, 1, 3, 3))
            .String("auto_pad", "SAME_UPPER").Ints("strides", 2, 2).RunFloats();
        Assert.Equal([0, 0, 1, 1, 3, 2, 0, 0, 1, 1, 3, 2, 3, 3, 8, 5, 12, 7, 3, 3, 7, 4, 9, 5, 9, 9, 20, 11, 24, 13, 6, 6, 13, 7, 15, 8], same);

        // dilation 2 with a 2×2 kernel (7, 2; 1, 9): input (i, j) adds to (i, j)·7, (i, j+2)·2, (i+2, j)·1, (i+2, j+2)·9
        var x = F([1, 1, 3, 3], 3, 8, 1, 9, 5, 7, 3, 2, 6);
        var y = new NodeCase("ConvTranspose").Input(x).Constant(F([1, 1, 2, 2], 7, 2, 1, 9)).Ints("dilations", 2, 2).RunFloats();
        Assert.Equal([21, 56, 13, 16, 2, 63, 35, 67, 10, 14, 24, 22, 76, 76, 21, 9, 5, 88, 45, 63, 3, 2, 33, 18, 54], y);
    }

    [Fact]
    public void ConvTransposeGroupsAndBias()
    {
        var y = new NodeCase("ConvTranspose").Input(F([1, 2, 1, 1], 1, 2)).Constant(F([2, 1, 1, 1], 3, 4))
            .Constant(Tensor.Vector(0.5f, -0.5f)).Int("group", 2).RunFloats();
        Assert.Equal([3.5f, 7.5f], y);
    }

    [Fact]
    public void MismatchedChannelsAreNamedErrors()
    {
        var e = Assert.Throws<GraphValidationException>(() => new NodeCase("Conv").Input(s_x5).Constant(Fill(1f, 1, 2, 3, 3)).Run());
        Assert.Contains("'node'", e.Message);
        Assert.Contains("channels", e.Message);
        Assert.Throws<GraphValidationException>(() => new NodeCase("Conv").Input(s_x5).Constant(s_ones3).Ints("pads", 1, 1).Run());
    }
}
