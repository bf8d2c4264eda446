using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class QuantizeDequantizeTests
{
    [Fact]
    public void QuantizeRoundsHalfAwayFromZeroAndSaturates()
    {
        var x = Tensor.FromArray(new Shape(7), new[] { 0.25f, -0.25f, 0.75f, -0.75f, 100f, -100f, 0f });
        var y = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(0.5f, 1)).Run();
        Assert.Equal(new sbyte[] { 2, 0, 3, -1, 127, -128, 1 }, y.ToArray<sbyte>()); // ±0.5 → ±1, ±1.5 → ±2
        var u = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.UInt8, x.Shape, new QuantParams(0.5f, 128)).Run();
        Assert.Equal(new byte[] { 129, 127, 130, 126, 255, 0, 128 }, u.ToArray<byte>());
        var s = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int16, x.Shape, new QuantParams(1f / 1024, 0)).Run();
        Assert.Equal(new short[] { 256, -256, 768, -768, short.MaxValue, short.MinValue, 0 }, s.ToArray<short>());
    }

    [Fact]
    public void QuantizePerAxisUsesEachChannelsParameters()
    {
        var x = Tensor.FromArray(new Shape(2, 2), new[] { 1f, 1f, -1f, -1f });
        var q = new QuantParams([0.5f, 0.25f], [0, 3], 1);
        var y = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int8, x.Shape, q).Run();
        Assert.Equal(new sbyte[] { 2, 7, -2, -1 }, y.ToArray<sbyte>());
    }

    [Fact]
    public void RequantizesBetweenInt32AndInt16()
    {
        // The seanet case: int32 at scale 2^-23 to int16 at 0.000921971, and back.
        float s32 = 1.1920929e-07f * 1.25f, s16 = 0.000921971f;
        var rng = new Random(11);
        var v = Enumerable.Range(0, 200).Select(_ => rng.Next(-200_000_000, 200_000_000)).ToArray();
        var x = Tensor.FromArray(new Shape(200), v, new QuantParams(s32, 0));
        var y = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int16, x.Shape, new QuantParams(s16, 0)).Run();
        QuantTestData.AssertWithin(y, v.Select(i => (double)i * s32).ToArray(), short.MinValue, short.MaxValue, 1, "int32→int16");
        var back = new QuantizedOpHarness("QUANTIZE").Input(y).Output(DataType.Int32, x.Shape, new QuantParams(s32, 0)).Run();
        QuantTestData.AssertWithin(back, Enumerable.Range(0, 200).Select(i => QuantTestData.Real(y, i)).ToArray(), int.MinValue, int.MaxValue, 1, "int16→int32");
    }

    [Fact]
    public void RequantizesInt8ToUInt8AndBetweenInt8Scales()
    {
        var x = Tensor.FromArray<sbyte>(new Shape(4), [-128, -1, 0, 127], new QuantParams(0.1f, -3));
        var u = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.UInt8, x.Shape, new QuantParams(0.1f, 125)).Run();
        Assert.Equal(new byte[] { 0, 127, 128, 255 }, u.ToArray<byte>()); // the XOR-0x80 case
        var r = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(0.2f, 0)).Run();
        // (q + 3)/2: −62.5 → −62 and 1.5 → 2, since the doubling high-mul rounds ties toward +∞.
        Assert.Equal(new sbyte[] { -62, 1, 2, 65 }, r.ToArray<sbyte>());
    }

    [Fact]
    public void DequantizesIntegersPerTensorAndPerAxisAndHalves()
    {
        var x = Tensor.FromArray<sbyte>(new Shape(2, 2), [10, -10, 4, 0], new QuantParams(0.5f, 2));
        var y = new QuantizedOpHarness("DEQUANTIZE").Input(x).Output(DataType.Float32, x.Shape, null).Run();
        Assert.Equal(new[] { 4f, -6f, 1f, -1f }, y.ToArray<float>());
        var w = Tensor.FromArray<sbyte>(new Shape(2, 2), [10, -10, 4, 0], new QuantParams([0.5f, 0.25f], [0, 0], 0));
        var yw = new QuantizedOpHarness("DEQUANTIZE").Input(w).Output(DataType.Float32, w.Shape, null).Run();
        Assert.Equal(new[] { 5f, -5f, 1f, 0f }, yw.ToArray<float>());
        var i32 = Tensor.FromArray(new Shape(2), new[] { 1 << 23, -(1 << 22) }, new QuantParams(1f / (1 << 23), 0));
        Assert.Equal(new[] { 1f, -0.5f }, new QuantizedOpHarness("DEQUANTIZE").Input(i32).Output(DataType.Float32, i32.Shape, null).Run().ToArray<float>());
        var h = Tensor.FromArray(new Shape(3), new[] { (Half)1.5f, (Half)(-2f), Half.MaxValue });
        Assert.Equal(new[] { 1.5f, -2f, 65504f }, new QuantizedOpHarness("DEQUANTIZE").Input(h).Output(DataType.Float32, h.Shape, null).Run().ToArray<float>());
    }

    [Fact]
    public void QuantizeThenDequantizeIsWithinHalfAStep()
    {
        var rng = new Random(2);
        var x = Tensor.FromArray(new Shape(500), Enumerable.Range(0, 500).Select(_ => (float)(rng.NextDouble() * 20 - 10)).ToArray());
        var q = new QuantParams(0.08f, -2);
        var y = new QuantizedOpHarness("QUANTIZE").Input(x).Output(DataType.Int8, x.Shape, q).Run();
        var back = new QuantizedOpHarness("DEQUANTIZE").Input(y).Output(DataType.Float32, x.Shape, null).Run().ToArray<float>();
        var xs = x.ToArray<float>();
        for (int i = 0; i < xs.Length; i++) Assert.InRange(back[i] - xs[i], -0.0401f, 0.0401f);
    }
}
