using Quanta.Core;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>ONNX Runtime's com.microsoft quantized ops: QLinearAdd/Mul, Sigmoid/LeakyRelu, pools and Concat.</summary>
public class QLinearMicrosoftOpsTests
{
    private const string Ms = OpDomains.Microsoft;

    [Theory]
    [InlineData("QLinearAdd", DataType.Int8)]
    [InlineData("QLinearAdd", DataType.UInt8)]
    [InlineData("QLinearMul", DataType.Int8)]
    [InlineData("QLinearMul", DataType.UInt8)]
    public void BinaryOpsBroadcastAndAgreeWithinOneLsb(string op, DataType type)
    {
        var rng = new Random(op.Length + (int)type);
        var a = QData.Codes(rng, type, 2, 3, 4);
        var b = QData.Codes(rng, type, 3, 1);
        float aS = 0.05f, bS = 0.11f, cS = op == "QLinearAdd" ? 0.09f : 0.6f;
        int aZ = QData.RandomZeroPoint(rng, type), bZ = QData.RandomZeroPoint(rng, type), cZ = QData.RandomZeroPoint(rng, type);
        var y = new NodeCase(op, Ms)
            .Input(a).Input(Tensor.Scalar(aS)).Input(QData.Zp(type, aZ))
            .Input(b).Constant(Tensor.Scalar(bS)).Constant(QData.Zp(type, bZ))
            .Constant(Tensor.Scalar(cS)).Constant(QData.Zp(type, cZ)).Run()[0];
        Assert.Equal(new Shape(2, 3, 4), y.Shape);
        var expected = new int[24];
        for (int i = 0; i < 24; i++)
        {
            double av = aS * (a.GetDouble(i) - aZ), bv = bS * (b.GetDouble(i / 4 % 3) - bZ);
            expected[i] = QData.Quantize(op == "QLinearAdd" ? av + bv : av * bv, cS, cZ, type);
        }
        QData.AssertWithin(expected, QData.Read(y), 1, op);
    }

    [Theory]
    [InlineData("QLinearSigmoid", DataType.UInt8)]
    [InlineData("QLinearLeakyRelu", DataType.Int8)]
    public void LookupTableOpsCoverEveryCode(string op, DataType type)
    {
        // Every code once: the table is checked entry by entry.
        var (min, _) = type.IntegerRange();
        var x = QData.Ints(type, new Shape(256), Enumerable.Range((int)min, 256).ToArray());
        float xS = 0.05f, yS = op == "QLinearSigmoid" ? 1f / 256 : 0.04f;
        int xZ = type == DataType.Int8 ? 10 : 128, yZ = type == DataType.Int8 ? 5 : 0;
        var y = new NodeCase(op, Ms).Float("alpha", 0.2f)
            .Input(x).Input(Tensor.Scalar(xS)).Input(QData.Zp(type, xZ)).Input(Tensor.Scalar(yS)).Input(QData.Zp(type, yZ)).Run()[0];
        var expected = Enumerable.Range(0, 256).Select(i =>
        {
            double v = xS * (min + i - xZ);
            double f = op == "QLinearSigmoid" ? 1 / (1 + Math.Exp(-v)) : v >= 0 ? v : 0.2 * v;
            return QData.Quantize(f, yS, yZ, type);
        }).ToArray();
        QData.AssertWithin(expected, QData.Read(y), 1, op);
    }

    [Fact]
    public void GlobalAveragePoolHandChecked()
    {
        // Channel sums of x − 100: [4 + 8 + 12 + 16, −4 · 4] = [40, −16]; · 0.5 / (2 · 4) → 2.5, −1 → 2 (even), −1; + 10.
        var x = QData.Ints(DataType.UInt8, new Shape(1, 2, 2, 2), 104, 108, 112, 116, 96, 96, 96, 96);
        var y = new NodeCase("QLinearGlobalAveragePool", Ms)
            .Input(x).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.UInt8, 100)).Constant(Tensor.Scalar(2f)).Constant(QData.Zp(DataType.UInt8, 10)).Run()[0];
        Assert.Equal(new Shape(1, 2, 1, 1), y.Shape);
        Assert.Equal([12, 9], QData.Read(y));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void AveragePoolAgreesWithinOneLsb(bool countIncludePad, bool channelsLast)
    {
        var rng = new Random(countIncludePad ? 3 : 4);
        int n = 2, c = 3, h = 5, w = 6;
        var x = QData.Codes(rng, DataType.Int8, channelsLast ? [n, h, w, c] : [n, c, h, w]);
        float xS = 0.1f, yS = 0.07f;
        int xZ = -5, yZ = 3;
        var y = new NodeCase("QLinearAveragePool", Ms).Ints("kernel_shape", 3, 2).Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 0)
            .Int("count_include_pad", countIncludePad ? 1 : 0).Int("channels_last", channelsLast ? 1 : 0)
            .Input(x).Constant(Tensor.Scalar(xS)).Constant(QData.Zp(DataType.Int8, xZ)).Constant(Tensor.Scalar(yS)).Constant(QData.Zp(DataType.Int8, yZ)).Run()[0];
        int oh = (h + 2 - 3) / 2 + 1, ow = (w + 1 - 2) / 2 + 1;
        Assert.Equal(channelsLast ? new Shape(n, oh, ow, c) : new Shape(n, c, oh, ow), y.Shape);
        int At(int b, int ch, int i, int j) => channelsLast ? ((b * h + i) * w + j) * c + ch : ((b * c + ch) * h + i) * w + j;
        int Out(int b, int ch, int i, int j) => channelsLast ? ((b * oh + i) * ow + j) * c + ch : ((b * c + ch) * oh + i) * ow + j;
        var expected = new int[y.Shape.ElementCount];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = 0;
                        int count = 0, padded = 0;
                        for (int p = 0; p < 3; p++)
                            for (int q = 0; q < 2; q++)
                            {
                                int yy = i * 2 - 1 + p, xx = j * 2 - 1 + q;
                                if (yy >= -1 && yy < h + 1 && xx >= -1 && xx < w) padded++;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                                sum += xS * (x.GetDouble(At(b, ch, yy, xx)) - xZ);
                                count++;
                            }
                        expected[Out(b, ch, i, j)] = QData.Quantize(sum / (countIncludePad ? padded : count), yS, yZ, DataType.Int8);
                    }
        QData.AssertWithin(expected, QData.Read(y), 1, "QLinearAveragePool");
    }

    [Fact]
    public void ConcatCopiesMatchingInputsAndRequantizesTheOthers()
    {
        var a = QData.Ints(DataType.UInt8, new Shape(1, 2), 10, 20);
        var b = QData.Ints(DataType.UInt8, new Shape(1, 3), 0, 128, 255);
        // Output (0.5, 100); a has the same parameters (copied), b is (1, 128): 2·(q − 128) + 100.
        var y = new NodeCase("QLinearConcat", Ms).Int("axis", 1)
            .Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.UInt8, 100))
            .Input(a).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.UInt8, 100))
            .Input(b).Input(Tensor.Scalar(1f)).Input(QData.Zp(DataType.UInt8, 128)).Run()[0];
        Assert.Equal(new Shape(1, 5), y.Shape);
        Assert.Equal([10, 20, 0, 100, 255], QData.Read(y));
    }
}
