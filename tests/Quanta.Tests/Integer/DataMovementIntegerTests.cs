using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class DataMovementIntegerTests
{
    [Theory]
    [InlineData(DataType.Int8, 1, 7, 8, 3, 3, 3, 2, 2, "SAME", "NONE")]
    [InlineData(DataType.Int8, 2, 6, 6, 2, 2, 2, 2, 2, "VALID", "RELU")]
    [InlineData(DataType.Int16, 1, 5, 9, 4, 3, 2, 1, 2, "SAME", "NONE")]
    public void PoolingMatchesFloatReference(DataType type, int n, int h, int w, int c, int fh, int fw, int sh, int sw, string padding, string activation)
    {
        var rng = new Random(h * w);
        var q = type == DataType.Int8 ? new QuantParams(0.1f, -3) : new QuantParams(1e-3f, 0);
        var x = type == DataType.Int8 ? QuantTestData.RandomInt8(rng, new Shape(n, h, w, c), q) : QuantTestData.RandomInt16(rng, new Shape(n, h, w, c), q);
        var (oh, pt) = FloatReference.Window(padding, h, fh, sh, 1);
        var (ow, pl) = FloatReference.Window(padding, w, fw, sw, 1);
        var (min, max) = type.IntegerRange();
        foreach (var op in new[] { "AVERAGE_POOL_2D", "MAX_POOL_2D" })
        {
            var real = new double[n * oh * ow * c];
            for (int b = 0; b < n; b++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int ch = 0; ch < c; ch++)
                        {
                            double sum = 0, best = double.MinValue;
                            int count = 0;
                            for (int ky = 0; ky < fh; ky++)
                                for (int kx = 0; kx < fw; kx++)
                                {
                                    int iy = oy * sh - pt + ky, ix = ox * sw - pl + kx;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    double v = QuantTestData.Real(x, ((b * h + iy) * w + ix) * c + ch);
                                    sum += v;
                                    best = Math.Max(best, v);
                                    count++;
                                }
                            real[((b * oh + oy) * ow + ox) * c + ch] = FloatReference.Activate(op == "MAX_POOL_2D" ? best : sum / count, activation);
                        }
            var y = new QuantizedOpHarness(op).Input(x).Output(type, new Shape(n, oh, ow, c), q)
                .Attr("padding", padding).Attr("stride_h", sh).Attr("stride_w", sw).Attr("filter_height", fh).Attr("filter_width", fw)
                .Attr("fused_activation_function", activation).Run();
            // MAX is exact; AVERAGE rounds the integer mean once (half away from zero): within 1 LSB
            // of the float mean re-quantized (which may round the other way on an exact half).
            QuantTestData.AssertWithin(y, real, min, max, op == "MAX_POOL_2D" ? 0 : 1, $"{type} {op}");
        }
    }

    [Theory]
    [InlineData(DataType.Int8, new[] { 1, 2 }, 0.05f, -9, 0.03f, 4)]
    [InlineData(DataType.Int8, new[] { 3 }, 0.05f, 10, 0.05f, 10)]
    [InlineData(DataType.Int8, new[] { 0, 1, 2, 3 }, 0.1f, 0, 0.01f, -20)]
    [InlineData(DataType.Int16, new[] { -2, -3 }, 1e-3f, 0, 5e-4f, 0)]
    public void MeanMatchesFloatReferenceWithinOneLsb(DataType type, int[] axes, float inScale, int inZp, float outScale, int outZp)
    {
        var rng = new Random(axes.Length);
        var shape = new Shape(2, 5, 7, 6);
        var x = type == DataType.Int8
            ? QuantTestData.RandomInt8(rng, shape, new QuantParams(inScale, inZp))
            : QuantTestData.RandomInt16(rng, shape, new QuantParams(inScale, inZp));
        var reduced = new bool[4];
        foreach (int a in axes) reduced[a < 0 ? a + 4 : a] = true;
        var outDims = shape.Select((d, i) => reduced[i] ? 1 : d).ToArray();
        var outShape = new Shape(outDims);
        var sums = new double[outShape.ElementCount];
        var counts = new int[outShape.ElementCount];
        for (long i = 0; i < x.ElementCount; i++)
        {
            long rem = i, o = 0, stride = 1;
            var idx = new int[4];
            for (int d = 3; d >= 0; d--) { idx[d] = (int)(rem % shape[d]); rem /= shape[d]; }
            for (int d = 3; d >= 0; d--) { o += (reduced[d] ? 0 : idx[d]) * stride; stride *= outDims[d]; }
            sums[o] += QuantTestData.Real(x, i);
            counts[o]++;
        }
        var real = sums.Select((s, i) => s / counts[i]).ToArray();
        var axesTensor = Tensor.FromArray(new Shape(axes.Length), axes);
        var y = new QuantizedOpHarness("MEAN").Input(x).Input(axesTensor, true).Output(type, outShape, new QuantParams(outScale, outZp))
            .Attr("keep_dims", 1).Run();
        var (min, max) = type.IntegerRange();
        QuantTestData.AssertWithin(y, real, min, max, 1, $"{type} MEAN");
    }

    [Fact]
    public void PadFillsWithTheZeroPointOrThePadV2Constant()
    {
        var q = new QuantParams(0.1f, -5);
        var x = Tensor.FromArray<sbyte>(new Shape(1, 2, 2, 1), [1, 2, 3, 4], q);
        var paddings = Tensor.FromArray(new Shape(4, 2), new[] { 0, 0, 1, 0, 0, 1, 0, 0 });
        var y = new QuantizedOpHarness("PAD").Input(x).Input(paddings, true).Output(DataType.Int8, new Shape(1, 3, 3, 1), q).Run();
        Assert.Equal(new sbyte[] { -5, -5, -5, 1, 2, -5, 3, 4, -5 }, y.ToArray<sbyte>());

        var constant = Tensor.FromArray<sbyte>(Shape.Scalar, [7], q);
        var y2 = new QuantizedOpHarness("PADV2").Input(x).Input(paddings, true).Input(constant, true)
            .Output(DataType.Int8, new Shape(1, 3, 3, 1), q).Run();
        Assert.Equal(new sbyte[] { 7, 7, 7, 1, 2, 7, 3, 4, 7 }, y2.ToArray<sbyte>());

        var x16 = Tensor.FromArray<short>(new Shape(3), [-1000, 0, 1000], new QuantParams(1e-3f, 0));
        var p16 = Tensor.FromArray(new Shape(1, 2), new[] { 2, 1 });
        var y3 = new QuantizedOpHarness("PAD").Input(x16).Input(p16, true).Output(DataType.Int16, new Shape(6), new QuantParams(1e-3f, 0)).Run();
        Assert.Equal(new short[] { 0, 0, -1000, 0, 1000, 0 }, y3.ToArray<short>());
    }

    [Fact]
    public void ConcatenationCopiesEqualParametersAndRequantizesOthers()
    {
        var qa = new QuantParams(0.1f, 0);
        var qb = new QuantParams(0.2f, 10);
        var a = Tensor.FromArray<sbyte>(new Shape(2, 2), [1, 2, 3, 4], qa);
        var b = Tensor.FromArray<sbyte>(new Shape(2, 1), [11, 9], qb); // reals 0.2, −0.2 → 2, −2 on 0.1
        var y = new QuantizedOpHarness("CONCATENATION").Input(a).Input(b).Output(DataType.Int8, new Shape(2, 3), qa).Attr("axis", 1).Run();
        Assert.Equal(new sbyte[] { 1, 2, 2, 3, 4, -2 }, y.ToArray<sbyte>());

        var relu = new QuantizedOpHarness("CONCATENATION").Input(a).Input(b).Output(DataType.Int8, new Shape(2, 3), qa)
            .Attr("axis", -1).Attr("fused_activation_function", "RELU").Run();
        Assert.Equal(new sbyte[] { 1, 2, 2, 3, 4, 0 }, relu.ToArray<sbyte>());
    }

    [Fact]
    public void ConcatenationOfRandomInputsMatchesFloatWithinOneLsb()
    {
        var rng = new Random(3);
        var inputs = new[] { new QuantParams(0.05f, 3), new QuantParams(0.08f, -20), new QuantParams(0.03f, 100) }
            .Select((q, i) => QuantTestData.RandomInt8(rng, new Shape(2, i + 1, 3), q)).ToArray();
        var outQ = new QuantParams(0.07f, -4);
        var op = new QuantizedOpHarness("CONCATENATION");
        foreach (var t in inputs) op.Input(t);
        var y = op.Output(DataType.Int8, new Shape(2, 6, 3), outQ).Attr("axis", 1).Run();
        var real = new List<double>();
        for (int outer = 0; outer < 2; outer++)
            foreach (var t in inputs)
                for (int j = 0; j < t.Shape[1] * 3; j++) real.Add(QuantTestData.Real(t, outer * t.Shape[1] * 3 + j));
        QuantTestData.AssertWithin(y, [.. real], -128, 127, 1, "CONCATENATION");
    }
}
