using Quanta.Core;
using Quanta.Kernels;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

public class OnnxUnaryTests
{
    /// <summary>One unary op: its attributes, its definition in double, the input range that keeps it
    /// in its domain, and the error budget of its float implementation.</summary>
    public sealed record Case(string Op, Func<double, double> Expected, double Lo = -10, double Hi = 10,
        double Rtol = 1e-6, double Atol = 1e-7, Action<AttributeMap>? Attributes = null)
    {
        public override string ToString() => Op;
    }

    private const double Alpha = 0.7;
    private static readonly double s_alphaF = (double)(float)Alpha;

    private static readonly Case[] s_cases =
    [
        new("Relu", x => double.IsNaN(x) ? x : Math.Max(x, 0)),
        new("LeakyRelu", x => x < 0 ? s_alphaF * x : x, Attributes: a => a.Set("alpha", (float)Alpha)),
        new("LeakyRelu", x => x < 0 ? (double)0.01f * x : x), // default alpha
        new("Elu", x => x < 0 ? s_alphaF * (Math.Exp(x) - 1) : x, Atol: 3e-7, Attributes: a => a.Set("alpha", (float)Alpha)),
        new("Selu", x => x > 0 ? 1.0507009873554805 * x : 1.0507009873554805 * (1.6732632423543772 * Math.Exp(x) - 1.6732632423543772), Atol: 5e-7),
        new("Celu", x => Math.Max(0, x) + Math.Min(0, 1.5 * (Math.Exp(x / 1.5) - 1)), Atol: 3e-7, Attributes: a => a.Set("alpha", 1.5f)),
        new("ThresholdedRelu", x => x > 0.5 ? x : 0, Attributes: a => a.Set("alpha", 0.5f)),
        new("Sigmoid", x => 1 / (1 + Math.Exp(-x))),
        new("HardSigmoid", x => Math.Clamp((double)0.3f * x + (double)0.4f, 0, 1), Attributes: a => { a.Set("alpha", 0.3f); a.Set("beta", 0.4f); }),
        new("HardSigmoid", x => Math.Clamp((double)0.2f * x + 0.5, 0, 1)),
        new("HardSwish", x => x * Math.Clamp(x / 6 + 0.5, 0, 1)),
        new("Tanh", Math.Tanh),
        new("Softplus", x => Math.Log(1 + Math.Exp(x))),
        new("Softsign", x => x / (1 + Math.Abs(x))),
        new("Abs", Math.Abs),
        new("Neg", x => -x),
        new("Sign", x => x > 0 ? 1 : x < 0 ? -1 : x),
        new("Exp", Math.Exp),
        new("Log", Math.Log, 1e-3, 100),
        new("Sqrt", Math.Sqrt, 0, 100),
        new("Reciprocal", x => 1 / x),
        new("Floor", Math.Floor),
        new("Ceil", Math.Ceiling),
        new("Round", x => Math.Round(x, MidpointRounding.ToEven)),
        new("Erf", ErfBySimpson, -5, 5),
        new("Sin", Math.Sin),
        new("Cos", Math.Cos),
        new("Tan", Math.Tan, -1.5, 1.5),
        new("Asin", Math.Asin, -1, 1),
        new("Acos", Math.Acos, -1, 1),
        new("Atan", Math.Atan),
        new("Sinh", Math.Sinh),
        new("Cosh", Math.Cosh),
        new("Asinh", Math.Asinh),
        new("Acosh", Math.Acosh, 1, 20),
        new("Atanh", Math.Atanh, -0.99, 0.99),
    ];

    private static readonly float[] s_special =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 1e-30f, 100f, -100f, 3f, -3f];

    public static TheoryData<Case> Cases => new(s_cases);

    /// <summary>erf by Simpson's rule on 2/√π e^(−t²): independent of the series Quanta sums.</summary>
    private static double ErfBySimpson(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return Math.Sign(x);
        const int n = 4000;
        double h = x / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * h;
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.Exp(-t * t);
        }
        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesDoublePrecisionOnRandomInputs(Case c)
    {
        var random = new Random(c.Op.Length * 7919);
        var x = RandomFloats(random, [3, 37], c.Lo, c.Hi);
        var y = Run(c.Op, [x], c.Attributes);
        Assert.Equal(x.Shape, y.Shape);
        AssertClose(x.ToArray<float>().Select(v => c.Expected(v)).ToArray(), y, c.Rtol, c.Atol, c.Op);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesDoublePrecisionOnSpecialValues(Case c)
    {
        var x = Tensor.Vector(s_special);
        var y = Run(c.Op, [x], c.Attributes);
        AssertClose(s_special.Select(v => c.Expected(v)).ToArray(), y, c.Rtol, c.Atol, c.Op);
    }

    [Fact]
    public void Round_HalvesGoToEven()
    {
        var y = Run("Round", [Tensor.Vector(0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4999998f, 2.5000002f, 0.9f)]);
        Assert.Equal([0f, 2f, 2f, -0f, -2f, -2f, 2f, 3f, 1f], y.ToArray<float>());
    }

    [Fact]
    public void Erf_HitsKnownValues()
    {
        var y = Run("Erf", [Tensor.Vector(0f, 0.5f, 1f, -2f, 3f, 4f, -10f)]).ToArray<float>();
        // erf(0.5), erf(1), erf(2), erf(3) from Abramowitz & Stegun table 7.1.
        float[] known = [0f, 0.5204998778f, 0.8427007929f, -0.9953222650f, 0.9999779095f, 1f, -1f];
        for (int i = 0; i < known.Length; i++) Assert.Equal(known[i], y[i], 1e-7);
    }

    [Fact]
    public void UnaryDriver_CoversEveryLengthFrom0To70()
    {
        var random = new Random(70);
        for (int n = 0; n <= 70; n++)
        {
            var x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float)(random.NextDouble() * 20 - 10);
            var y = new float[n + 1];
            y[n] = 12345f; // a guard: the driver must not write past the output's length
            ElementwiseReference.Unary(new SigmoidOperator(), x, y.AsSpan(0, n));
            for (int i = 0; i < n; i++) Assert.Equal(1 / (1 + Math.Exp(-x[i])), y[i], 1e-6);
            Assert.Equal(12345f, y[n]);

            var t = Run("Exp", [Tensor.FromArray<float>(new Shape(n), x)]);
            AssertClose(x.Select(v => Math.Exp(v)).ToArray(), t, 1e-6, 0, $"Exp length {n}");
        }
        Assert.Throws<ArgumentException>(() => ElementwiseReference.Unary(new ExpOperator(), new float[3], new float[2]));
    }

    [Fact]
    public void IsNaNAndIsInf_ReturnBool()
    {
        var x = Tensor.Vector(float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, 1e38f);
        var nan = Run("IsNaN", [x]);
        Assert.Equal(DataType.Bool, nan.Type);
        Assert.Equal([true, false, false, false, false], nan.ToArray<bool>());
        Assert.Equal([false, true, true, false, false], Run("IsInf", [x]).ToArray<bool>());
        Assert.Equal([false, true, false, false, false], Run("IsInf", [x], a => a.Set("detect_negative", 0L)).ToArray<bool>());
        Assert.Equal([false, false, true, false, false], Run("IsInf", [x], a => a.Set("detect_positive", 0L)).ToArray<bool>());
    }

    [Fact]
    public void Not_InvertsBools()
    {
        var y = Run("Not", [Tensor.FromArray<bool>(new Shape(2, 2), [true, false, false, true])]);
        Assert.Equal([false, true, true, false], y.ToArray<bool>());
    }

    [Fact]
    public void AnUnsupportedTypeIsATypedErrorNamingTheNode()
    {
        var e = Assert.Throws<UnsupportedException>(() => Run("Exp", [Tensor.Vector(1L, 2L)]));
        Assert.Contains(NodeName, e.Message);
        Assert.Contains("Int64", e.Message);
    }
}
