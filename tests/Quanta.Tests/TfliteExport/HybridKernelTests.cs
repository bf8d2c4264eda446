using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.TfliteExport;

public class HybridKernelTests
{
    [Fact]
    public void SymmetricRowQuantizationMapsMaxAbsTo127()
    {
        var q = new sbyte[3];
        var (scale, offset) = HybridInputQuantization.Quantize([2.54f, -1.0f, 0.5f], q, asymmetric: false);
        Assert.Equal(2.54f / 127, scale, 6);
        Assert.Equal(0, offset);
        Assert.Equal(new sbyte[] { 127, -50, 25 }, q);
    }

    [Fact]
    public void AsymmetricRowQuantizationTakesTheZeroPointFromTheSmallerError()
    {
        var q = new sbyte[4];
        var (scale, offset) = HybridInputQuantization.Quantize([0f, 1f, 2f, 2.55f], q, asymmetric: true);
        Assert.Equal(0.01f, scale, 6);
        Assert.Equal(-128, offset);
        Assert.Equal(new sbyte[] { -128, -28, 72, 127 }, q);
        // All zeros: scale 1, offset 0, zeros.
        var zeros = new sbyte[2] { 5, 5 };
        Assert.Equal((1f, 0), HybridInputQuantization.Quantize([0f, 0f], zeros, asymmetric: true));
        Assert.Equal(new sbyte[2], zeros);
    }

    [Fact]
    public void FullyConnectedRescalesTheIntegerDotAndAddsTheFloatBias()
    {
        var y = new float[2];
        // Row 0: q = [127, −50, 25] (scale 0.02); unit 0: 127 − 100 + 75 = 102 → 102·0.02·0.5 + 0.1.
        // Unit 1 (scale 0.25): −127 → −127·0.02·0.25 − 1, then clamped by RELU to 0.
        HybridReference.FullyConnected(1, 2, 3, [2.54f, -1.0f, 0.5f], [1, 2, 3, -1, 0, 0], [0.5f, 0.25f], [0.1f, -1f],
            asymmetric: false, 0, float.PositiveInfinity, new sbyte[3], y);
        Assert.Equal(1.12f, y[0], 4);
        Assert.Equal(0f, y[1]);
        // Asymmetric rows subtract offset × row sum: Σx exactly for all-one weights of scale 1.
        var sum = new float[1];
        HybridReference.FullyConnected(1, 1, 4, [0f, 1f, 2f, 2.55f], [1, 1, 1, 1], [1f], default,
            asymmetric: true, float.NegativeInfinity, float.PositiveInfinity, new sbyte[4], sum);
        Assert.Equal(5.55f, sum[0], 4);
    }

    [Fact]
    public void PointwiseConvolutionOfOnePixelEqualsFullyConnected()
    {
        float[] x = [0.3f, -1.2f, 2.0f, 0.7f];
        sbyte[] w = [10, -20, 30, -40, 127, 0, -127, 5];
        float[] scales = [0.01f, 0.02f], bias = [0.5f, -0.25f];
        var fc = new float[2];
        var conv = new float[2];
        HybridReference.FullyConnected(1, 2, 4, x, w, scales, bias, true, float.NegativeInfinity, float.PositiveInfinity, new sbyte[4], fc);
        var window = new ConvWindow(1, 1, 1, 4, 1, 1, 2, 1, 1, 1, 1, 1, 1, 0, 0);
        HybridReference.Conv2D(window, x, w, scales, bias, true, float.NegativeInfinity, float.PositiveInfinity, new sbyte[4], conv);
        Assert.Equal(fc[0], conv[0], 5);
        Assert.Equal(fc[1], conv[1], 5);
        // And against the float product of the dequantized operands (rounding error only).
        var q = new sbyte[4];
        var (s, z) = HybridInputQuantization.Quantize(x, q, true);
        for (int o = 0; o < 2; o++)
        {
            double expected = bias[o];
            for (int i = 0; i < 4; i++) expected += s * (q[i] - z) * scales[o] * w[o * 4 + i];
            Assert.Equal(expected, fc[o], 4);
        }
    }

    [Fact]
    public void DepthwiseSkipsPaddingTaps()
    {
        // 1×2×2×1 input, 3×3 filter of ones (scale 1), SAME padding (pad 1): every output sums the
        // whole image, since the taps outside it are skipped.
        float[] x = [0f, 1f, 2f, 2.55f];
        var window = new ConvWindow(1, 2, 2, 1, 2, 2, 1, 3, 3, 1, 1, 1, 1, 1, 1);
        var y = new float[4];
        HybridReference.DepthwiseConv2D(window, x, [1, 1, 1, 1, 1, 1, 1, 1, 1], [1f], default, true,
            float.NegativeInfinity, float.PositiveInfinity, new sbyte[4], y);
        Assert.All(y, v => Assert.Equal(5.55f, v, 4));
    }
}
