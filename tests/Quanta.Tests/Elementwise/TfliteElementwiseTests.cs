using Quanta.Core;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

/// <summary>TFLite's float element-wise ops (domain "tflite", options as attributes).</summary>
public class TfliteElementwiseTests
{
    private const string Tflite = OpDomains.Tflite;

    public static TheoryData<string, string> FusedCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var op in new[] { "ADD", "SUB", "MUL", "DIV" })
        {
            foreach (var act in new[] { "NONE", "RELU", "RELU6", "RELU_N1_TO_1" }) data.Add(op, act);
        }
        return data;
    }

    private static double Activate(string activation, double x) => activation switch
    {
        "RELU" => x < 0 ? 0 : x,
        "RELU6" => x < 0 ? 0 : x > 6 ? 6 : x,
        "RELU_N1_TO_1" => x < -1 ? -1 : x > 1 ? 1 : x,
        _ => x,
    };

    [Theory]
    [MemberData(nameof(FusedCases))]
    public void ArithmeticWithFusedActivation_OnBroadcastPatternsUpToRank6(string op, string activation)
    {
        Func<double, double, double> f = op switch { "ADD" => (a, b) => a + b, "SUB" => (a, b) => a - b, "MUL" => (a, b) => a * b, _ => (a, b) => a / b };
        var random = new Random(op.Length * 13 + activation.Length);
        foreach (var (sa, sb) in BroadcastPatterns.Append(([1, 2, 1, 3, 1, 2], [2, 4, 1, 5, 1])))
        {
            var a = RandomFloats(random, sa, -8, 8);
            var b = RandomFloats(random, sb, -8, 8);
            var y = Run(op, [a, b], n => n.Set("fused_activation_function", activation), Tflite);
            var shape = BroadcastShape(sa, sb);
            Assert.Equal(new Shape(shape), y.Shape);
            AssertClose(Reference(shape, [a, b], v => Activate(activation, f(v[0], v[1]))), y, 2.5e-7, 0, $"{op}/{activation}");
        }
    }

    [Fact]
    public void FusedActivationAbsentMeansNone_TanhIsRefused_UnknownIsInvalid()
    {
        var a = Tensor.Vector(-2f, 3f);
        Assert.Equal([-1f, 4f], Run("ADD", [a, Tensor.Scalar(1f)], domain: Tflite).ToArray<float>());
        Assert.Equal([-2f, 9f], Run("MUL", [a, Tensor.Vector(1f, 3f)], domain: Tflite).ToArray<float>());
        var e = Assert.Throws<UnsupportedException>(() => Run("ADD", [a, a], n => n.Set("fused_activation_function", "TANH"), Tflite));
        Assert.Contains(NodeName, e.Message);
        Assert.Contains("TANH", e.Message);
        var bad = Assert.Throws<GraphValidationException>(() => Run("SUB", [a, a], n => n.Set("fused_activation_function", "SWISH"), Tflite));
        Assert.Contains(NodeName, bad.Message);
    }

    [Fact]
    public void MaximumMinimum_FollowTheReferenceKernelsTernary()
    {
        var a = Tensor.Vector(1f, 5f, float.NaN, 2f);
        var b = Tensor.Vector(3f, 4f, 7f, float.NaN);
        var max = Run("MAXIMUM", [a, b], domain: Tflite).ToArray<float>();
        var min = Run("MINIMUM", [a, b], domain: Tflite).ToArray<float>();
        // a > b ? a : b — a NaN on the left loses, on the right wins.
        Assert.Equal([3f, 5f, 7f], max[..3]);
        Assert.True(float.IsNaN(max[3]));
        Assert.Equal([1f, 4f, 7f], min[..3]);
        Assert.True(float.IsNaN(min[3]));
    }

    public static TheoryData<string> OtherBinaryOps => ["MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE", "POW", "PRELU"];

    [Theory]
    [MemberData(nameof(OtherBinaryOps))]
    public void OtherBinaryOps_MatchDoublePrecision(string op)
    {
        Func<double, double, double> f = op switch
        {
            "MAXIMUM" => Math.Max,
            "MINIMUM" => Math.Min,
            "SQUARED_DIFFERENCE" => (a, b) => (a - b) * (a - b),
            "POW" => Math.Pow,
            _ => (x, alpha) => x >= 0 ? x : x * alpha,
        };
        var random = new Random(op.Length * 5);
        foreach (var (sa, sb) in BroadcastPatterns)
        {
            var a = RandomFloats(random, sa, op == "POW" ? 0.5 : -4, 4);
            var b = RandomFloats(random, sb, -3, 3);
            var y = Run(op, [a, b], domain: Tflite);
            AssertClose(Reference(BroadcastShape(sa, sb), [a, b], v => f(v[0], v[1])), y, 5e-7, 0, op);
        }
    }

    [Fact]
    public void Prelu_OutputIsTheBroadcastOfInputAndAlpha()
    {
        var x = Tensor.FromArray<float>(new Shape(1, 1, 2), [-1f, 2f]);
        var alpha = Tensor.FromArray<float>(new Shape(2, 1, 1), [0.5f, 0.25f]);
        var y = Run("PRELU", [x, alpha], domain: Tflite);
        Assert.Equal(new Shape(2, 1, 2), y.Shape);
        Assert.Equal([-0.5f, 2f, -0.25f, 2f], y.ToArray<float>());
    }

    public static TheoryData<string> ComparisonOps => ["EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL"];

    [Theory]
    [MemberData(nameof(ComparisonOps))]
    public void Comparisons_ReturnBool(string op)
    {
        Func<double, double, bool> f = op switch
        {
            "EQUAL" => (a, b) => a == b,
            "NOT_EQUAL" => (a, b) => a != b,
            "LESS" => (a, b) => a < b,
            "LESS_EQUAL" => (a, b) => a <= b,
            "GREATER" => (a, b) => a > b,
            _ => (a, b) => a >= b,
        };
        var a = Tensor.FromArray<float>(new Shape(2, 4), [1f, 2f, 3f, float.NaN, -1f, 0f, -0f, 5f]);
        var b = Tensor.Vector(2f, 2f, -0f, float.NaN);
        var y = Run(op, [a, b], domain: Tflite);
        Assert.Equal(DataType.Bool, y.Type);
        AssertExact(Reference([2, 4], [a, b], v => f(v[0], v[1]) ? 1 : 0), y, op);
    }

    [Fact]
    public void Logical_AndOrNot()
    {
        var a = Tensor.FromArray<bool>(new Shape(2, 2), [true, true, false, false]);
        var b = Tensor.Vector(true, false);
        Assert.Equal([true, false, false, false], Run("LOGICAL_AND", [a, b], domain: Tflite).ToArray<bool>());
        Assert.Equal([true, true, true, false], Run("LOGICAL_OR", [a, b], domain: Tflite).ToArray<bool>());
        Assert.Equal([false, false, true, true], Run("LOGICAL_NOT", [a], domain: Tflite).ToArray<bool>());
    }

    [Fact]
    public void Select_SameShapeScalarAndRankOneConditions()
    {
        var x = Tensor.FromArray<float>(new Shape(3, 2), [1, 2, 3, 4, 5, 6]);
        var y = Tensor.FromArray<float>(new Shape(3, 2), [-1, -2, -3, -4, -5, -6]);
        var same = Tensor.FromArray<bool>(new Shape(3, 2), [true, false, false, true, true, false]);
        Assert.Equal([1f, -2f, -3f, 4f, 5f, -6f], Run("SELECT", [same, x, y], domain: Tflite).ToArray<float>());
        Assert.Equal(y.ToArray<float>(), Run("SELECT", [Tensor.Scalar(false), x, y], domain: Tflite).ToArray<float>());
        // A vector condition picks whole rows (TFLite's RankOneSelect).
        var rows = Tensor.Vector(false, true, false);
        Assert.Equal([-1f, -2f, 3f, 4f, -5f, -6f], Run("SELECT", [rows, x, y], domain: Tflite).ToArray<float>());
        var e = Assert.Throws<GraphValidationException>(() => Run("SELECT", [Tensor.Vector(true, false), x, y], domain: Tflite));
        Assert.Contains(NodeName, e.Message);
    }

    [Fact]
    public void SelectV2_Broadcasts()
    {
        var c = Tensor.FromArray<bool>(new Shape(2, 1), [true, false]);
        var x = Tensor.Vector(1L, 2L, 3L);
        var y = Tensor.Scalar(0L);
        var z = Run("SELECT_V2", [c, x, y], domain: Tflite);
        Assert.Equal(new Shape(2, 3), z.Shape);
        Assert.Equal([1L, 2L, 3L, 0L, 0L, 0L], z.ToArray<long>());
    }

    public sealed record UnaryCase(string Op, Func<double, double> Expected, double Lo = -10, double Hi = 10, double Atol = 1e-7, Action<AttributeMap>? Attributes = null)
    {
        public override string ToString() => Op;
    }

    public static TheoryData<UnaryCase> UnaryCases => new(
    [
        new("RELU", x => x < 0 ? 0 : x),
        new("RELU6", x => Math.Clamp(x, 0, 6)),
        new("RELU_N1_TO_1", x => Math.Clamp(x, -1, 1)),
        new("RELU_0_TO_1", x => Math.Clamp(x, 0, 1)),
        new("LEAKY_RELU", x => x > 0 ? x : (double)0.2f * x, Attributes: a => a.Set("alpha", 0.2f)),
        new("LOGISTIC", x => x > 16.619047164916992 ? 1 : x < -9 ? Math.Exp(x) : 1 / (1 + Math.Exp(-x)), -20, 20),
        new("TANH", Math.Tanh),
        new("HARD_SWISH", x => x * Math.Clamp(x + 3, 0, 6) / 6),
        new("ELU", x => x < 0 ? Math.Exp(x) - 1 : x, Atol: 2e-7),
        new("ABS", Math.Abs),
        new("NEG", x => -x),
        new("EXP", Math.Exp),
        new("LOG", Math.Log, 1e-3, 50),
        new("SQRT", Math.Sqrt, 0, 50),
        new("RSQRT", x => 1 / Math.Sqrt(x), 1e-3, 50),
        new("SQUARE", x => x * x),
        new("FLOOR", Math.Floor),
        new("CEIL", Math.Ceiling),
        new("ROUND", x => Math.Round(x, MidpointRounding.ToEven)),
        new("SIN", Math.Sin),
        new("COS", Math.Cos),
    ]);

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryOps_MatchDoublePrecision(UnaryCase c)
    {
        var random = new Random(c.Op.Length * 17);
        var x = RandomFloats(random, [2, 3, 4, 5], c.Lo, c.Hi);
        var y = Run(c.Op, [x], c.Attributes, Tflite);
        Assert.Equal(x.Shape, y.Shape);
        AssertClose(x.ToArray<float>().Select(v => c.Expected(v)).ToArray(), y, 1e-6, c.Atol, c.Op);
        var halves = Run(c.Op, [Tensor.Vector(float.NaN, 0.5f, 2.5f, -2.5f)], c.Attributes, Tflite);
        Assert.True(float.IsNaN(halves.ToArray<float>()[0]), $"{c.Op} must propagate NaN");
    }
}
