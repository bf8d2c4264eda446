using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class UnaryIntegerTests
{
    // Budgets of TFLite's own kernel tests (tensorflow/lite/kernels/activations_test.cc):
    // kQuantizedTolerance = 2·(1/256) in real units for int8 LOGISTIC/TANH/SOFTMAX outputs and
    // kQuantizedToleranceInt16 = 2·(1/4096) for int16 ones. On the fixed output scales that is
    // 2 LSB (logistic, softmax: 1/256), 1 LSB (int8 tanh: 1/128) and 16 LSB (int16: 2^-15).
    private const double Int8Tolerance = 2.0 / 256;
    private const double Int16Tolerance = 2.0 / 4096;

    private static Tensor AllInt8(QuantParams q)
    {
        var v = new sbyte[256];
        for (int i = 0; i < 256; i++) v[i] = (sbyte)(i - 128);
        return Tensor.FromArray(new Shape(1, 256), v, q);
    }

    private static Tensor SweepInt16(QuantParams q, int step = 7)
    {
        var v = new List<short>();
        for (int i = short.MinValue; i <= short.MaxValue; i += step) v.Add((short)i);
        v.Add(short.MaxValue);
        return Tensor.FromArray(new Shape(1, v.Count), v.ToArray(), q);
    }

    [Theory]
    [InlineData("LOGISTIC", 0.1f, -10)]
    [InlineData("LOGISTIC", 0.02f, 40)]
    [InlineData("TANH", 0.05f, 0)]
    [InlineData("TANH", 0.0125f, -100)]
    public void Int8SigmoidsMatchFloatWithinTfliteTolerance(string op, float scale, int zeroPoint)
    {
        var x = AllInt8(new QuantParams(scale, zeroPoint));
        var outQ = op == "TANH" ? new QuantParams(1f / 128, 0) : new QuantParams(1f / 256, -128);
        var y = new QuantizedOpHarness(op).Input(x).Output(DataType.Int8, x.Shape, outQ).Run();
        var real = Enumerable.Range(0, 256).Select(i => QuantTestData.Real(x, i)).Select(v => op == "TANH" ? Math.Tanh(v) : 1 / (1 + Math.Exp(-v))).ToArray();
        QuantTestData.AssertWithin(y, real, -128, 127, Int8Tolerance / outQ.Scale, $"int8 {op}");
    }

    [Theory]
    [InlineData("LOGISTIC", 1f / 4096)]   // power-of-two scale: multiplier 3, no rescaling
    [InlineData("LOGISTIC", 0.00031f)]
    [InlineData("TANH", 1f / 4096)]
    [InlineData("TANH", 1f / 2048)]       // shift 1, also a power-of-two case for TANH
    [InlineData("TANH", 0.00047f)]
    public void Int16SigmoidsMatchFloatWithinTfliteTolerance(string op, float scale)
    {
        var x = SweepInt16(new QuantParams(scale, 0));
        var outQ = new QuantParams(1f / 32768, 0);
        var y = new QuantizedOpHarness(op).Input(x).Output(DataType.Int16, x.Shape, outQ).Run();
        var real = Enumerable.Range(0, (int)x.ElementCount).Select(i => QuantTestData.Real(x, i))
            .Select(v => op == "TANH" ? Math.Tanh(v) : 1 / (1 + Math.Exp(-v))).ToArray();
        QuantTestData.AssertWithin(y, real, short.MinValue, short.MaxValue, Int16Tolerance * 32768, $"int16 {op}");
    }

    private static double[] SoftmaxRows(Tensor x, int depth, double beta)
    {
        var r = new double[x.ElementCount];
        for (int row = 0; row < r.Length / depth; row++)
        {
            double max = double.MinValue, sum = 0;
            for (int c = 0; c < depth; c++) max = Math.Max(max, QuantTestData.Real(x, row * depth + c));
            for (int c = 0; c < depth; c++) sum += r[row * depth + c] = Math.Exp(beta * (QuantTestData.Real(x, row * depth + c) - max));
            for (int c = 0; c < depth; c++) r[row * depth + c] /= sum;
        }
        return r;
    }

    [Theory]
    [InlineData(0.1f, 1f, 10, DataType.Int8)]
    [InlineData(0.05f, 1f, 1000, DataType.Int8)]
    [InlineData(0.5f, 0.3f, 7, DataType.Int8)]
    [InlineData(0.1f, 1f, 10, DataType.Int16)]  // int8 → int16 output
    public void Int8SoftmaxMatchesFloatWithinTfliteTolerance(float scale, float beta, int depth, DataType outType)
    {
        var rng = new Random(depth);
        var x = QuantTestData.RandomInt8(rng, new Shape(3, depth), new QuantParams(scale, 3));
        var outQ = outType == DataType.Int8 ? new QuantParams(1f / 256, -128) : new QuantParams(1f / 65536, -32768);
        var y = new QuantizedOpHarness("SOFTMAX").Input(x).Output(outType, x.Shape, outQ).Attr("beta", beta).Run();
        var (min, max) = outType.IntegerRange();
        QuantTestData.AssertWithin(y, SoftmaxRows(x, depth, beta), min, max, Int8Tolerance / outQ.Scale, $"SOFTMAX int8→{outType}");
    }

    [Theory]
    [InlineData(3e-4f, 6)]
    [InlineData(1e-3f, 100)]
    public void Int16SoftmaxMatchesFloatWithinTfliteTolerance(float scale, int depth)
    {
        // TFLite's int16 exp table spans [−10, 0] and floors below it (exp(−10) is "negligible"),
        // so the inputs of a row stay within 10 of each other, as TFLite's own test inputs do.
        var rng = new Random(depth);
        int spread = (int)Math.Min(32767, 5 / scale);
        var x = QuantTestData.RandomInt16(rng, new Shape(2, depth), new QuantParams(scale, 0), -spread, spread);
        var outQ = new QuantParams(1f / 32768, 0);
        var y = new QuantizedOpHarness("SOFTMAX").Input(x).Output(DataType.Int16, x.Shape, outQ).Run();
        QuantTestData.AssertWithin(y, SoftmaxRows(x, depth, 1), short.MinValue, short.MaxValue, Int16Tolerance * 32768, "int16 SOFTMAX");
    }

    [Fact]
    public void SoftmaxOfEqualInputsIsUniform()
    {
        var x = Tensor.FromArray<sbyte>(new Shape(1, 4), [5, 5, 5, 5], new QuantParams(0.1f, 0));
        var y = new QuantizedOpHarness("SOFTMAX").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(1f / 256, -128)).Attr("beta", 1f).Run();
        Assert.Equal(new sbyte[] { -64, -64, -64, -64 }, y.ToArray<sbyte>()); // 0.25 = 64/256
    }

    [Theory]
    [InlineData(0.05f, 3, 0.08f, -20)]
    [InlineData(0.1f, -40, 0.03f, -128)]
    public void HardSwishMatchesFloat(float inScale, int inZp, float outScale, int outZp)
    {
        // TFLite's activations_test checks HARD_SWISH within a tolerance that grows with the
        // input range; for these ranges two output steps (plus the float rounding) bounds its error.
        var x = AllInt8(new QuantParams(inScale, inZp));
        var outQ = new QuantParams(outScale, outZp);
        var y = new QuantizedOpHarness("HARD_SWISH").Input(x).Output(DataType.Int8, x.Shape, outQ).Run();
        var real = Enumerable.Range(0, 256).Select(i => QuantTestData.Real(x, i)).Select(v => v * Math.Clamp(v + 3, 0, 6) / 6).ToArray();
        QuantTestData.AssertWithin(y, real, -128, 127, 2, "HARD_SWISH");
    }

    [Theory]
    [InlineData(DataType.Int8, 0.05f, 10, 0.03f, -5, 0.2f)]
    [InlineData(DataType.Int16, 0.00174882f, 0, 0.00174882f, 0, 0.3f)]
    [InlineData(DataType.Int16, 0.00080693f, 0, 0.000657086f, 0, 0.2f)]
    [InlineData(DataType.Int8, 0.05f, 0, 0.05f, 0, -0.5f)]   // negative alpha
    public void LeakyReluMatchesFloatWithinOneLsb(DataType type, float inScale, int inZp, float outScale, int outZp, float alpha)
    {
        var x = type == DataType.Int8 ? AllInt8(new QuantParams(inScale, inZp)) : SweepInt16(new QuantParams(inScale, inZp), 3);
        var outQ = new QuantParams(outScale, outZp);
        var y = new QuantizedOpHarness("LEAKY_RELU").Input(x).Output(type, x.Shape, outQ).Attr("alpha", alpha).Run();
        var real = Enumerable.Range(0, (int)x.ElementCount).Select(i => QuantTestData.Real(x, i)).Select(v => v > 0 ? v : alpha * v).ToArray();
        var (min, max) = type.IntegerRange();
        QuantTestData.AssertWithin(y, real, min, max, 1, $"{type} LEAKY_RELU");
    }

    [Theory]
    [InlineData("RELU", DataType.Int8)]
    [InlineData("RELU6", DataType.Int8)]
    [InlineData("RELU_N1_TO_1", DataType.Int8)]
    [InlineData("RELU6", DataType.Int16)]
    public void ReluFamilyRequantizesAndClamps(string op, DataType type)
    {
        var x = type == DataType.Int8 ? AllInt8(new QuantParams(0.06f, -7)) : SweepInt16(new QuantParams(4e-4f, 0), 5);
        var outQ = type == DataType.Int8 ? new QuantParams(0.03f, -100) : new QuantParams(2e-4f, 0);
        var y = new QuantizedOpHarness(op).Input(x).Output(type, x.Shape, outQ).Run();
        var real = Enumerable.Range(0, (int)x.ElementCount).Select(i => FloatReference.Activate(QuantTestData.Real(x, i), op)).ToArray();
        var (min, max) = type.IntegerRange();
        QuantTestData.AssertWithin(y, real, min, max, 1, $"{type} {op}");
    }
}
