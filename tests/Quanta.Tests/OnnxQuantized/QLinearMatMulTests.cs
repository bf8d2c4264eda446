using Quanta.Core;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>MatMulInteger, QLinearMatMul and QGemm against direct integer and double computations.</summary>
public class QLinearMatMulTests
{
    [Fact]
    public void MatMulIntegerHandChecked()
    {
        // (A − 1)·(B − [0, 2]): A − 1 = [[0, 1], [2, 3]], B − zp = [[1, −1], [2, 0]].
        var a = QData.Ints(DataType.UInt8, new Shape(2, 2), 1, 2, 3, 4);
        var b = QData.Ints(DataType.Int8, new Shape(2, 2), 1, 1, 2, 2);
        var y = new NodeCase("MatMulInteger").Input(a).Input(b).Input(QData.Zp(DataType.UInt8, 1)).Input(QData.Zps(DataType.Int8, 0, 2)).Run()[0];
        Assert.Equal(DataType.Int32, y.Type);
        Assert.Equal([2, 0, 8, -2], QData.Read(y));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void MatMulIntegerIsExactWithPerRowAndPerColumnZeroPoints(int seed, bool batchedZeroPoints)
    {
        var rng = new Random(seed);
        int m = 3, k = 5, n = 4;
        var a = QData.Codes(rng, DataType.UInt8, 2, m, k);
        var b = QData.Codes(rng, DataType.Int8, 2, k, n);
        var aZp = batchedZeroPoints
            ? QData.Ints(DataType.UInt8, new Shape(2, m, 1), Enumerable.Range(0, 2 * m).Select(_ => rng.Next(256)).ToArray())
            : QData.Zps(DataType.UInt8, Enumerable.Range(0, m).Select(_ => rng.Next(256)).ToArray());
        var bZp = batchedZeroPoints
            ? QData.Ints(DataType.Int8, new Shape(2, 1, n), Enumerable.Range(0, 2 * n).Select(_ => rng.Next(-128, 128)).ToArray())
            : QData.Zps(DataType.Int8, Enumerable.Range(0, n).Select(_ => rng.Next(-128, 128)).ToArray());
        var y = QData.Read(new NodeCase("MatMulInteger").Input(a).Input(b).Input(aZp).Input(bZp).Run()[0]);

        var av = QData.Read(a);
        var bv = QData.Read(b);
        var az = QData.Read(aZp);
        var bz = QData.Read(bZp);
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    int za = az[batchedZeroPoints ? t * m + i : i], zb = bz[batchedZeroPoints ? t * n + j : j];
                    int sum = 0;
                    for (int p = 0; p < k; p++) sum += (av[(t * m + i) * k + p] - za) * (bv[(t * k + p) * n + j] - zb);
                    Assert.Equal(sum, y[(t * m + i) * n + j]);
                }
    }

    [Theory]
    [InlineData(1, DataType.UInt8, DataType.Int8, false)]
    [InlineData(2, DataType.Int8, DataType.Int8, true)]
    [InlineData(3, DataType.UInt8, DataType.UInt8, true)]
    [InlineData(4, DataType.Int8, DataType.UInt8, false)]
    public void QLinearMatMulBroadcastsBatchesAndAgreesWithinOneLsb(int seed, DataType aType, DataType bType, bool perColumn)
    {
        var rng = new Random(seed);
        int k = 6, n = 5;
        var a = QData.Codes(rng, aType, 2, 1, 3, k);
        var b = QData.Codes(rng, bType, 4, k, n);
        float aS = 0.03f, yS = 0.4f;
        int aZ = QData.RandomZeroPoint(rng, aType), yZ = QData.RandomZeroPoint(rng, aType);
        var bS = Enumerable.Range(0, perColumn ? n : 1).Select(_ => (float)(rng.NextDouble() * 0.02 + 0.01)).ToArray();
        var bZ = bS.Select(_ => QData.RandomZeroPoint(rng, bType) / 3).ToArray();
        var y = new NodeCase("QLinearMatMul")
            .Input(a).Input(Tensor.Scalar(aS)).Input(QData.Zp(aType, aZ))
            .Constant(b).Constant(perColumn ? Tensor.Vector(bS) : Tensor.Vector(bS[0])).Constant(perColumn ? QData.Zps(bType, bZ) : QData.Zps(bType, bZ[0]))
            .Constant(Tensor.Scalar(yS)).Constant(QData.Zp(aType, yZ)).Run()[0];
        Assert.Equal(new Shape(2, 4, 3, n), y.Shape);

        var expected = new int[y.Shape.ElementCount];
        for (int t = 0; t < 2; t++)
            for (int u = 0; u < 4; u++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double acc = 0;
                        for (int p = 0; p < k; p++)
                            acc += aS * (a.GetDouble((t * 3 + i) * k + p) - aZ) * (bS[perColumn ? j : 0] * (double)(b.GetDouble((u * k + p) * n + j) - bZ[perColumn ? j : 0]));
                        expected[((t * 4 + u) * 3 + i) * n + j] = QData.Quantize(acc, yS, yZ, aType);
                    }
        QData.AssertWithin(expected, QData.Read(y), 1, "QLinearMatMul");
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    [InlineData(false, true, false)]
    public void QGemmWithTransposesBiasAndBothOutputForms(bool transA, bool transB, bool quantizedOutput)
    {
        var rng = new Random(7);
        int m = 3, k = 7, n = 4;
        var a = QData.Codes(rng, DataType.UInt8, transA ? k : m, transA ? m : k);
        var b = QData.Codes(rng, DataType.Int8, transB ? n : k, transB ? k : n);
        float aS = 0.02f, yS = 0.3f, alpha = quantizedOutput ? 1f : 0.5f;
        var bS = new[] { 0.01f, 0.02f, 0.015f, 0.03f };
        var c = Enumerable.Range(0, n).Select(_ => rng.Next(-3000, 3000)).ToArray();
        var node = new NodeCase("QGemm", OpDomains.Microsoft).Int("transA", transA ? 1 : 0).Int("transB", transB ? 1 : 0).Float("alpha", alpha)
            .Input(a).Constant(Tensor.Scalar(aS)).Constant(QData.Zp(DataType.UInt8, 120))
            .Constant(b).Constant(Tensor.Vector(bS)).Constant(QData.Zps(DataType.Int8, 0, 1, -1, 2))
            .Constant(QData.Zps(DataType.Int32, c));
        if (quantizedOutput) node.Constant(Tensor.Scalar(yS)).Constant(QData.Zp(DataType.UInt8, 128));
        var y = node.Run()[0];
        Assert.Equal(quantizedOutput ? DataType.UInt8 : DataType.Float32, y.Type);

        int[] bZ = [0, 1, -1, 2];
        var expected = new int[m * n];
        var real = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                long acc = c[j];
                for (int p = 0; p < k; p++)
                {
                    double av = a.GetDouble(transA ? p * m + i : i * k + p) - 120, bv = b.GetDouble(transB ? j * k + p : p * n + j) - bZ[j];
                    acc += (long)(av * bv);
                }
                real[i * n + j] = alpha * aS * (double)bS[j] * acc;
                expected[i * n + j] = QData.Quantize(real[i * n + j], yS, 128, DataType.UInt8);
            }
        if (quantizedOutput) QData.AssertWithin(expected, QData.Read(y), 1, "QGemm");
        else Nn.Close(real.Select(v => (float)v).ToArray(), y.ToArray<float>(), 1e-5f, 1e-5f);
    }
}
