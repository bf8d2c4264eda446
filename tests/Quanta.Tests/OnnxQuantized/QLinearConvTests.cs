using Quanta.Core;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>QLinearConv and ConvInteger: hand-checked cases and randomized ones against a double-precision reference.</summary>
public class QLinearConvTests
{
    [Fact]
    public void HandCheckedConvWithBiasAndHalfToEvenRounding()
    {
        // x − 1 and w = [[1, 0], [0, −1]]: acc = x[i, j] − x[i+1, j+1] = −5, −6, −8, −9; + bias 10 → 5, 4, 2, 1;
        // · (0.5 · 1 / 2) → 1.25, 1, 0.5, 0.25 → 1, 1, 0, 0 (0.5 rounds to even) → + 5.
        var x = QData.Ints(DataType.UInt8, new Shape(1, 1, 3, 3), 1, 2, 3, 4, 6, 8, 9, 12, 15);
        var w = QData.Ints(DataType.Int8, new Shape(1, 1, 2, 2), 1, 0, 0, -1);
        var y = new NodeCase("QLinearConv")
            .Input(x).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.UInt8, 1))
            .Constant(w).Constant(Tensor.Scalar(1f)).Constant(QData.Zp(DataType.Int8, 0))
            .Constant(Tensor.Scalar(2f)).Constant(QData.Zp(DataType.UInt8, 5))
            .Constant(QData.Zps(DataType.Int32, 10)).Run()[0];
        Assert.Equal(DataType.UInt8, y.Type);
        Assert.Equal(new Shape(1, 1, 2, 2), y.Shape);
        Assert.Equal([6, 6, 5, 5], QData.Read(y));
    }

    [Fact]
    public void ConvIntegerIsExactWithPaddingAndPerChannelZeroPoints()
    {
        // 1-D, pads 1: x − 2 = [−1, 0, 1, 2]; channel 0 w − 1 = [1, 1], channel 1 w − (−1) = [0, 2].
        var x = QData.Ints(DataType.UInt8, new Shape(1, 1, 4), 1, 2, 3, 4);
        var w = QData.Ints(DataType.Int8, new Shape(2, 1, 2), 2, 2, -1, 1);
        var y = new NodeCase("ConvInteger").Ints("pads", 1, 1)
            .Input(x).Input(w).Input(QData.Zp(DataType.UInt8, 2)).Input(QData.Zps(DataType.Int8, 1, -1)).Run()[0];
        Assert.Equal(DataType.Int32, y.Type);
        // Padding holds x_zp (real 0): channel 0 sums neighbours, channel 1 doubles the right one.
        Assert.Equal([-1, -1, 1, 3, 2, -2, 0, 2, 4, 0], QData.Read(y));
    }

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomConvolutionsAgreeWithTheDoubleReferenceWithinOneLsb(int seed)
    {
        var rng = new Random(seed);
        var xType = rng.Next(2) == 0 ? DataType.Int8 : DataType.UInt8;
        var wType = rng.Next(2) == 0 ? DataType.Int8 : DataType.UInt8;
        var yType = rng.Next(2) == 0 ? DataType.Int8 : DataType.UInt8;
        bool depthwise = seed % 3 == 0;
        int c = rng.Next(1, 4) * (depthwise ? 2 : 1), group = depthwise ? c : 1;
        int m = depthwise ? c * rng.Next(1, 3) : rng.Next(1, 5);
        int kh = rng.Next(1, 4), kw = rng.Next(1, 4), sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = 1;
        int[] pads = [rng.Next(0, 2), rng.Next(0, 3), rng.Next(0, 2), rng.Next(0, 2)];
        int h = rng.Next(5, 9), wd = rng.Next(5, 9), n = rng.Next(1, 3);
        var x = QData.Codes(rng, xType, n, c, h, wd);
        var w = QData.Codes(rng, wType, m, c / group, kh, kw);
        float xs = (float)(rng.NextDouble() * 0.05 + 0.01), ys = (float)(rng.NextDouble() * 0.5 + 0.2);
        int xz = QData.RandomZeroPoint(rng, xType), yz = QData.RandomZeroPoint(rng, yType);
        bool perChannel = seed % 2 == 0;
        var wScales = Enumerable.Range(0, perChannel ? m : 1).Select(_ => (float)(rng.NextDouble() * 0.02 + 0.005)).ToArray();
        var wZps = wScales.Select(_ => QData.RandomZeroPoint(rng, wType) / 4).ToArray();
        var bias = Enumerable.Range(0, m).Select(_ => rng.Next(-20000, 20000)).ToArray();
        bool constants = seed % 4 < 2;

        var node = new NodeCase("QLinearConv").Ints("strides", sh, sw).Ints("dilations", dh, dw).Ints("pads", pads.Select(p => (long)p).ToArray()).Int("group", group);
        void Param(Tensor t) { if (constants) node.Constant(t); else node.Input(t); }
        node.Input(x); Param(Tensor.Scalar(xs)); Param(QData.Zp(xType, xz));
        node.Constant(w); Param(perChannel ? Tensor.Vector(wScales) : Tensor.Scalar(wScales[0])); Param(perChannel ? QData.Zps(wType, wZps) : QData.Zp(wType, wZps[0]));
        Param(Tensor.Scalar(ys)); Param(QData.Zp(yType, yz));
        node.Constant(QData.Zps(DataType.Int32, bias));
        var y = node.Run()[0];

        var expected = Reference(x, xs, xz, w, wScales, wZps, bias, ys, yz, yType, group, [sh, sw], [dh, dw], pads, y.Shape);
        int exact = QData.AssertWithin(expected, QData.Read(y), 1, $"seed {seed}");
        Assert.True(exact >= expected.Length * 9 / 10, $"only {exact} of {expected.Length} outputs match the reference exactly");
    }

    /// <summary>Dequantize, convolve in double, add the bias at scale x_scale·w_scale[m], quantize half to even.</summary>
    private static int[] Reference(Tensor x, float xs, int xz, Tensor w, float[] ws, int[] wz, int[] bias, float ys, int yz, DataType yType,
        int group, int[] strides, int[] dilations, int[] pads, Shape yShape)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int m = w.Shape[0], cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        int oh = yShape[2], ow = yShape[3];
        var result = new int[yShape.ElementCount];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < m; o++)
            {
                int g = o / (m / group);
                double wsc = ws[ws.Length == 1 ? 0 : o];
                int wzp = wz[wz.Length == 1 ? 0 : o];
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double acc = bias[o] * (double)xs * wsc;
                        for (int ci = 0; ci < cg; ci++)
                            for (int p = 0; p < kh; p++)
                                for (int q = 0; q < kw; q++)
                                {
                                    int yy = i * strides[0] - pads[0] + p * dilations[0], xx = j * strides[1] - pads[1] + q * dilations[1];
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                    double xv = xs * (x.GetDouble(((b * c + g * cg + ci) * h + yy) * wd + xx) - xz);
                                    double wv = wsc * (w.GetDouble(((o * cg + ci) * kh + p) * kw + q) - wzp);
                                    acc += xv * wv;
                                }
                        result[((b * m + o) * oh + i) * ow + j] = QData.Quantize(acc, ys, yz, yType);
                    }
            }
        return result;
    }
}
