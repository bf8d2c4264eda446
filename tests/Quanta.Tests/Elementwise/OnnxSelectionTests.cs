using Quanta.Core;
using Quanta.Runtime;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

/// <summary>Where, Clip, comparisons and logic.</summary>
public class OnnxSelectionTests
{
    private static readonly (int[] C, int[] X, int[] Y)[] s_wherePatterns =
    [
        ([2, 3], [2, 3], [2, 3]),
        ([3], [2, 3], []),
        ([2, 1], [1, 3], [2, 3]),
        ([], [4], [2, 1]),
        ([2, 1, 3], [4, 1], [1]),
        ([0, 2], [2], [1, 2]),
    ];

    [Fact]
    public void Where_BroadcastsAllThreeInputs_ForEveryElementSize()
    {
        var random = new Random(3);
        foreach (var (sc, sx, sy) in s_wherePatterns)
        {
            var c = RandomInts<bool>(random, sc, 0, 2);
            var shape = BroadcastShape(sc, sx, sy);
            foreach (var (x, y) in new[]
            {
                (RandomFloats(random, sx), RandomFloats(random, sy)),
                (RandomInts<long>(random, sx, -100, 100), RandomInts<long>(random, sy, -100, 100)),
                (RandomInts<byte>(random, sx, 0, 255), RandomInts<byte>(random, sy, 0, 255)),
                (RandomInts<short>(random, sx, -999, 999), RandomInts<short>(random, sy, -999, 999)),
                (RandomInts<bool>(random, sx, 0, 2), RandomInts<bool>(random, sy, 0, 2)),
            })
            {
                var z = Run("Where", [c, x, y]);
                Assert.Equal(new Shape(shape), z.Shape);
                Assert.Equal(x.Type, z.Type);
                AssertExact(Reference(shape, [c, x, y], v => v[0] != 0 ? v[1] : v[2]), z, $"Where {x.Type}");
            }
        }
    }

    [Fact]
    public void Where_MatchesOnnxNodeTestExample()
    {
        // test_where_example
        var c = Tensor.FromArray<bool>(new Shape(2, 2), [true, false, true, true]);
        var x = Tensor.FromArray<float>(new Shape(2, 2), [1, 2, 3, 4]);
        var y = Tensor.FromArray<float>(new Shape(2, 2), [9, 8, 7, 6]);
        Assert.Equal([1f, 8f, 3f, 4f], Run("Where", [c, x, y]).ToArray<float>());
        Assert.Throws<GraphValidationException>(() => Run("Where", [x, x, y]));
    }

    [Fact]
    public void Clip_WithConstantRuntimeAndAbsentBounds()
    {
        var x = Tensor.Vector(-3f, -1f, 0f, 2f, 7f, float.NaN, float.NegativeInfinity, float.PositiveInfinity);
        var lo = Tensor.Scalar(-1f);
        var hi = Tensor.Scalar(2f);
        float[] both = [-1f, -1f, 0f, 2f, 2f, float.NaN, -1f, 2f];
        Assert.Equal(both, Run("Clip", [x, lo, hi]).ToArray<float>());
        Assert.Equal([-1f, -1f, 0f, 2f, 7f, float.NaN, -1f, float.PositiveInfinity], Run("Clip", [x, lo]).ToArray<float>());
        Assert.Equal([-3f, -1f, 0f, 2f, 2f, float.NaN, float.NegativeInfinity, 2f], Run("Clip", [x, null, hi]).ToArray<float>());
        Assert.Equal(x.ToArray<float>(), Run("Clip", [x]).ToArray<float>());

        // min > max sets everything to max, as the ONNX spec says.
        Assert.Equal([1f, 1f, 1f], Run("Clip", [Tensor.Vector(-5f, 0f, 5f), Tensor.Scalar(3f), Tensor.Scalar(1f)]).ToArray<float>());
    }

    [Fact]
    public void Clip_BoundsFedAsGraphInputsChangeBetweenRuns()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(3));
        var lo = g.AddInput("lo", DataType.Float32, Shape.Scalar);
        var hi = g.AddInput("hi", DataType.Float32, Shape.Scalar);
        var y = g.AddValue("y");
        g.AddNode("Clip", [x, lo, hi], [y], "clip");
        g.Outputs.Add(y);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        var data = Tensor.Vector(-2f, 0.5f, 4f);
        Assert.Equal([-1f, 0.5f, 1f], session.Run(data, Tensor.Scalar(-1f), Tensor.Scalar(1f))[0].ToArray<float>());
        Assert.Equal([0f, 0.5f, 3f], session.Run(data, Tensor.Scalar(0f), Tensor.Scalar(3f))[0].ToArray<float>());
    }

    [Fact]
    public void Clip_OnIntegers_AndNonScalarBoundsAreRejected()
    {
        Assert.Equal([-2, 0, 3], Run("Clip", [Tensor.Vector(-9, 0, 9), Tensor.Scalar(-2), Tensor.Scalar(3)]).ToArray<int>());
        Assert.Equal([long.MinValue, 5L], Run("Clip", [Tensor.Vector(long.MinValue, 9L), null, Tensor.Scalar(5L)]).ToArray<long>());
        var e = Assert.Throws<GraphValidationException>(() => Run("Clip", [Tensor.Vector(1f, 2f), Tensor.Vector(0f, 1f)]));
        Assert.Contains(NodeName, e.Message);
        Assert.Contains("min", e.Message);
    }

    public static TheoryData<string> Comparisons => ["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"];

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void FloatComparisons_OnEveryBroadcastPatternAndNaN(string op)
    {
        Func<double, double, bool> f = op switch
        {
            "Equal" => (a, b) => a == b,
            "Less" => (a, b) => a < b,
            "Greater" => (a, b) => a > b,
            "LessOrEqual" => (a, b) => a <= b,
            _ => (a, b) => a >= b,
        };
        var random = new Random(op.Length);
        foreach (var (sa, sb) in BroadcastPatterns)
        {
            // Small integers in float make equality frequent.
            var a = RandomInts<int>(random, sa, -3, 3);
            var b = RandomInts<int>(random, sb, -3, 3);
            var fa = Tensor.FromArray<float>(a.Shape, a.ToFloatArray());
            var fb = Tensor.FromArray<float>(b.Shape, b.ToFloatArray());
            var y = Run(op, [fa, fb]);
            Assert.Equal(DataType.Bool, y.Type);
            AssertExact(Reference(BroadcastShape(sa, sb), [fa, fb], v => f(v[0], v[1]) ? 1 : 0), y, op);
        }
        var nan = Run(op, [Tensor.Vector(float.NaN, float.NaN, 1f), Tensor.Vector(float.NaN, 1f, float.NaN)]);
        Assert.Equal([false, false, false], nan.ToArray<bool>());
    }

    public static TheoryData<string> Logic => ["And", "Or", "Xor", "Equal"];

    [Theory]
    [MemberData(nameof(Logic))]
    public void LogicOnBools_Broadcasts(string op)
    {
        Func<bool, bool, bool> f = op switch { "And" => (a, b) => a && b, "Or" => (a, b) => a || b, "Xor" => (a, b) => a ^ b, _ => (a, b) => a == b };
        var random = new Random(op.Length + 40);
        foreach (var (sa, sb) in BroadcastPatterns)
        {
            var a = RandomInts<bool>(random, sa, 0, 2);
            var b = RandomInts<bool>(random, sb, 0, 2);
            var y = Run(op, [a, b]);
            AssertExact(Reference(BroadcastShape(sa, sb), [a, b], v => f(v[0] != 0, v[1] != 0) ? 1 : 0), y, op);
        }
        Assert.Throws<GraphValidationException>(() => Run(op == "Equal" ? "And" : op, [Tensor.Vector(1f), Tensor.Vector(1f)]));
    }
}
