using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;
using Xunit;

namespace Quanta.Tests.Arithmetic;

// Inside the namespace, so that it wins over the Quanta.Quantization namespace.
using Quantization = Quanta.Kernels.Arithmetic.Quantization;

public class QuantizationTests
{
    [Theory]
    [InlineData(0.5f, 0, 1)]
    [InlineData(-0.5f, 0, -1)]
    [InlineData(1.5f, 2, 2)]
    [InlineData(-1.5f, -2, -2)]
    [InlineData(2.5f, 2, 3)]
    [InlineData(-2.5f, -2, -3)]
    [InlineData(2.4999998f, 2, 2)]
    public void HalfToEvenAndHalfAwayDifferOnTies(float x, int halfToEven, int halfAway)
    {
        Assert.Equal(halfToEven, Quantization.Quantize(x, 1f, 0, -128, 127, QuantizeRounding.HalfToEven));
        Assert.Equal(halfAway, Quantization.Quantize(x, 1f, 0, -128, 127, QuantizeRounding.HalfAwayFromZero));
    }

    [Fact]
    public void QuantizeDividesInFloatAddsZeroPointAndSaturates()
    {
        Assert.Equal(10 + 4, Quantization.Quantize(1.0f, 0.25f, 10, -128, 127, QuantizeRounding.HalfAwayFromZero));
        Assert.Equal(127, Quantization.Quantize(1000f, 1f, 0, -128, 127, QuantizeRounding.HalfToEven));
        Assert.Equal(-128, Quantization.Quantize(-1000f, 1f, 0, -128, 127, QuantizeRounding.HalfToEven));
        Assert.Equal(255, Quantization.Quantize(1e30f, 1f, 0, 0, 255, QuantizeRounding.HalfToEven));
        Assert.Equal(0, Quantization.Quantize(-1e30f, 1f, 0, 0, 255, QuantizeRounding.HalfAwayFromZero));
        Assert.Equal(short.MaxValue, Quantization.Quantize(float.PositiveInfinity, 1f, 0, short.MinValue, short.MaxValue, QuantizeRounding.HalfToEven));
        Assert.Equal(3, Quantization.Quantize(float.NaN, 1f, 3, -128, 127, QuantizeRounding.HalfToEven));
    }

    [Fact]
    public void SaturatingCastsClampAtTypeBounds()
    {
        Assert.Equal(sbyte.MaxValue, Quantization.SaturateToInt8(128));
        Assert.Equal(sbyte.MinValue, Quantization.SaturateToInt8(-129));
        Assert.Equal((sbyte)5, Quantization.SaturateToInt8(5));
        Assert.Equal(byte.MaxValue, Quantization.SaturateToUInt8(256));
        Assert.Equal(byte.MinValue, Quantization.SaturateToUInt8(-1));
        Assert.Equal(short.MaxValue, Quantization.SaturateToInt16(40000));
        Assert.Equal(short.MinValue, Quantization.SaturateToInt16(-40000));
        Assert.Equal(int.MaxValue, Quantization.SaturateToInt32(long.MaxValue));
        Assert.Equal(int.MinValue, Quantization.SaturateToInt32(long.MinValue));
    }

    [Fact]
    public void PerAxisQuantizeAndDequantizeUseTheChannelOfEachElement()
    {
        // Shape [2, 3, 2] quantized along axis 1 (inner size 2).
        float[] x = [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6];
        float[] scales = [1f, 0.5f, 0.25f];
        int[] zps = [0, 1, -1];
        var q = new int[x.Length];
        Quantization.QuantizePerAxis(x, scales, zps, 2, -128, 127, QuantizeRounding.HalfToEven, q);
        Assert.Equal([1, 2, 7, 9, 19, 23, -1, -2, -5, -7, -21, -25], q);
        var back = new float[x.Length];
        Quantization.DequantizePerAxis(q, scales, zps, 2, back);
        Assert.Equal(x, back);
        Assert.Throws<ArgumentException>(() => Quantization.QuantizePerAxis(x, scales, [0, 0], 2, -128, 127, QuantizeRounding.HalfToEven, q));
    }

    [Fact]
    public void PerTensorQuantizeFillsEveryElement()
    {
        var q = new int[3];
        Quantization.QuantizePerTensor([0.1f, -0.3f, 100f], 0.1f, -5, -128, 127, QuantizeRounding.HalfAwayFromZero, q);
        Assert.Equal([-4, -8, 127], q);
        Assert.Equal(0.75f, Quantization.Dequantize(7, 0.25f, 4));
    }

    [Theory]
    [InlineData(FusedActivation.None, -128, 127)]
    [InlineData(FusedActivation.Relu, -10, 127)]
    [InlineData(FusedActivation.Relu6, -10, 110)]
    [InlineData(FusedActivation.ReluN1To1, -30, 10)]
    public void ActivationRangeQuantizesTheClampBounds(FusedActivation activation, int min, int max) =>
        Assert.Equal((min, max), Quantization.ActivationRange(activation, 0.05f, -10, -128, 127));

    [Fact]
    public void ActivationRangeStaysInsideTheTypeAndRejectsNonClamps()
    {
        Assert.Equal((-128, 127), Quantization.ActivationRange(FusedActivation.Relu6, 0.01f, -128 - 50, -128, 127));
        Assert.Equal((0, 32767), Quantization.ActivationRange(FusedActivation.Relu6, 6f / 40000, 0, short.MinValue, short.MaxValue));
        Assert.Throws<ArgumentException>(() => Quantization.ActivationRange(FusedActivation.Tanh, 0.1f, 0, -128, 127));
    }

    [Fact]
    public void Int16LutInterpolatesTheFunction()
    {
        var lut = Int16Lut.Generate(MathF.Exp, -10f, 0f, -1f, 1f);
        Assert.Equal(Int16Lut.Size, lut.Length);
        Assert.Equal(32767, lut[512]);                     // exp(0)·32768 saturates
        Assert.InRange(lut[0], 0, 3);                      // exp(−10)·32768 ≈ 1.5
        for (int v = short.MinValue; v <= short.MaxValue; v += 97)
        {
            float x = -10f + (v + 32768) * (10f / 65536);
            float expected = MathF.Exp(x) * 32768;
            Assert.InRange(Int16Lut.Lookup((short)v, lut) - expected, -3f, 3f);
        }
    }
}
