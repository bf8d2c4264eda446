using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>ONNX pooling ops on small hand-checked inputs.</summary>
public class PoolTests
{
    [Fact]
    public void MaxPoolStridesDilationsAndCeilMode()
    {
        var x = Iota(1, 1, 4, 4);
        Assert.Equal([5, 7, 13, 15], new NodeCase("MaxPool").Input(x).Ints("kernel_shape", 2, 2).Ints("strides", 2, 2).RunFloats());
        // dilation 2: y[i,j] = max(x[i..i+2 step 2, j..j+2 step 2]) = x[i+2, j+2]
        Assert.Equal([10, 11, 14, 15], new NodeCase("MaxPool").Input(x).Ints("kernel_shape", 2, 2).Ints("dilations", 2, 2).RunFloats());
        // 3×3 windows at stride 2: floor gives one window, ceil a second one reaching past the edge
        Assert.Equal([10], new NodeCase("MaxPool").Input(x).Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).RunFloats());
        Assert.Equal([10, 11, 14, 15], new NodeCase("MaxPool").Input(x).Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).Int("ceil_mode", 1).RunFloats());
    }

    [Fact]
    public void MaxPoolIndicesAreFlatNchwOffsets()
    {
        // 5×5 windows with pads 2 over a 5×5 ramp: the max is at (min(i+2, 4), min(j+2, 4)).
        var outputs = new NodeCase("MaxPool").Input(Iota(1, 1, 5, 5)).Ints("kernel_shape", 5, 5).Ints("pads", 2, 2, 2, 2).Outputs(2).Run();
        float[] expected = [12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24];
        Assert.Equal(expected, outputs[0].ToArray<float>());
        Assert.Equal(DataType.Int64, outputs[1].Type);
        Assert.Equal(expected.Select(v => (long)v).ToArray(), outputs[1].ToArray<long>());
        // In the second channel of the second image, offsets continue across N and C.
        var batched = new NodeCase("MaxPool").Input(Iota(2, 2, 2, 2)).Ints("kernel_shape", 2, 2).Outputs(2).Run();
        Assert.Equal([3L, 7, 11, 15], batched[1].ToArray<long>());
    }

    [Fact]
    public void MaxPoolStorageOrderOneIsUnsupported()
    {
        var e = Assert.Throws<UnsupportedException>(() => new NodeCase("MaxPool").Input(Iota(1, 1, 4, 4)).Ints("kernel_shape", 2, 2).Int("storage_order", 1).Run());
        Assert.Contains("storage_order", e.Message);
    }

    [Fact]
    public void MaxPoolOnIntegers()
    {
        var x = Tensor.FromArray<byte>(new Shape(1, 1, 2, 2), [3, 250, 7, 1]);
        Assert.Equal([250], new NodeCase("MaxPool").Input(x).Ints("kernel_shape", 2, 2).Run()[0].ToArray<byte>());
        var s = Tensor.FromArray<sbyte>(new Shape(1, 1, 3), [-128, -5, -7]);
        Assert.Equal([-5, -5], new NodeCase("MaxPool").Input(s).Ints("kernel_shape", 2).Run()[0].ToArray<sbyte>());
    }

    [Fact]
    public void AveragePoolWithPaddingCountsThePaddingOnlyWhenAsked()
    {
        var x = Iota(1, 1, 5, 5);
        // top-left window covers x[0..2, 0..2]: sum 54 over 9 inside taps or 25 taps in all
        var exclude = new NodeCase("AveragePool").Input(x).Ints("kernel_shape", 5, 5).Ints("pads", 2, 2, 2, 2).RunFloats();
        var include = new NodeCase("AveragePool").Input(x).Ints("kernel_shape", 5, 5).Ints("pads", 2, 2, 2, 2).Int("count_include_pad", 1).RunFloats();
        Assert.Equal(6f, exclude[0], 5);
        Assert.Equal(12f, exclude[12], 5);
        Assert.Equal(54f / 25, include[0], 5);
        Assert.Equal(12f, include[12], 5);
    }

    [Fact]
    public void AveragePoolInCeilModeDividesByTheTapsInsideThePaddedInput()
    {
        // x = 1…6, kernel 3, stride 2, pads (1, 1), ceil: windows start at −1, 1, 3, 5.
        // The last one covers 5 (x = 6), 6 (end padding) and 7 (past the padding).
        var x = F([1, 1, 6], 1, 2, 3, 4, 5, 6);
        var node = new NodeCase("AveragePool").Input(x).Ints("kernel_shape", 3).Ints("strides", 2).Ints("pads", 1, 1).Int("ceil_mode", 1);
        Assert.Equal([1.5f, 3, 5, 6], node.RunFloats());
        Assert.Equal([1, 3, 5, 3], node.Int("count_include_pad", 1).RunFloats());
    }

    [Fact]
    public void AutoPadSameLowerAndOneAndThreeDimensionalPools()
    {
        // SAME_LOWER, kernel 2: the padding comes first, so y[0] = x[0]
        var y = new NodeCase("AveragePool").Input(F([1, 1, 4], 2, 4, 6, 8)).Ints("kernel_shape", 2).String("auto_pad", "SAME_LOWER").RunFloats();
        Assert.Equal([2, 3, 5, 7], y);
        var y3 = new NodeCase("MaxPool").Input(Iota(1, 1, 2, 2, 2)).Ints("kernel_shape", 2, 2, 2).RunFloats();
        Assert.Equal([7], y3);
    }

    [Fact]
    public void GlobalAndLpPools()
    {
        var x = F([1, 2, 2, 2], 1, 2, 3, 4, -8, 0, 5, -1);
        Assert.Equal([2.5f, -1], new NodeCase("GlobalAveragePool").Input(x).RunFloats());
        var max = new NodeCase("GlobalMaxPool").Input(x).Run()[0];
        Assert.Equal(new Shape(1, 2, 1, 1), max.Shape);
        Assert.Equal([4f, 5], max.ToArray<float>());
        Assert.Equal([5f], new NodeCase("LpPool").Input(F([1, 1, 2], 3, -4)).Ints("kernel_shape", 2).RunFloats());
        Assert.Equal([3f, 8], new NodeCase("GlobalLpPool").Input(F([1, 2, 2], 3, 0, 0, -8)).Int("p", 1).RunFloats());
    }

    [Fact]
    public void PoolWithoutKernelShapeIsAnError()
    {
        var e = Assert.Throws<GraphValidationException>(() => new NodeCase("MaxPool").Input(Iota(1, 1, 4, 4)).Run());
        Assert.Contains("kernel_shape", e.Message);
    }
}
