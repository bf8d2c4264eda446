using Quanta.Core;
using Quanta.Runtime;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

/// <summary>Integer element-wise ops: ONNX models compute shapes with int64 (Shape → Gather → Mul
/// → Reshape …), and the node tests cover the small integer types too.</summary>
public class OnnxIntegerTests
{
    public static TheoryData<string, DataType> ArithmeticCases()
    {
        var data = new TheoryData<string, DataType>();
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "Max", "Min", "Mod", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual" })
        {
            foreach (var t in new[] { DataType.Int32, DataType.Int64 }) data.Add(op, t);
        }
        return data;
    }

    /// <summary>The definitions, in exact long arithmetic: C's truncating division and Python's
    /// floored modulo.</summary>
    private static double Expected(string op, double a, double b) => op switch
    {
        "Add" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        "Div" => b == 0 ? 0 : Math.Truncate(a / b),
        "Max" => Math.Max(a, b),
        "Min" => Math.Min(a, b),
        "Mod" => b == 0 ? 0 : a - b * Math.Floor(a / b),
        "Equal" => a == b ? 1 : 0,
        "Less" => a < b ? 1 : 0,
        "Greater" => a > b ? 1 : 0,
        "LessOrEqual" => a <= b ? 1 : 0,
        "GreaterOrEqual" => a >= b ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(ArithmeticCases))]
    public void MatchesExactArithmeticOnEveryBroadcastPattern(string op, DataType type)
    {
        var random = new Random(op.Length * 31 + (int)type);
        foreach (var (sa, sb) in BroadcastPatterns)
        {
            var a = type == DataType.Int32 ? RandomInts<int>(random, sa, -1000, 1000) : RandomInts<long>(random, sa, -1000, 1000);
            var b = type == DataType.Int32 ? RandomInts<int>(random, sb, -9, 10) : RandomInts<long>(random, sb, -9, 10);
            var y = Run(op, [a, b]);
            int[] shape = BroadcastShape(sa, sb);
            Assert.Equal(new Shape(shape), y.Shape);
            Assert.Equal(op.Contains("Less", StringComparison.Ordinal) || op.Contains("Greater", StringComparison.Ordinal) || op == "Equal" ? DataType.Bool : type, y.Type);
            AssertExact(Reference(shape, [a, b], v => Expected(op, v[0], v[1])), y, $"{op} {type}");
        }
    }

    [Fact]
    public void Div_TruncatesTowardZero()
    {
        var y = Run("Div", [Tensor.Vector(7L, -7L, 7L, -7L, 0L), Tensor.Vector(2L, 2L, -2L, -2L, 5L)]);
        Assert.Equal([3L, -3L, -3L, 3L, 0L], y.ToArray<long>());
    }

    [Fact]
    public void Div_ByZeroGivesZeroAndMinByMinusOneWraps()
    {
        var y = Run("Div", [Tensor.Vector(5, int.MinValue, -3), Tensor.Vector(0, -1, 0)]);
        Assert.Equal([0, int.MinValue, 0], y.ToArray<int>());
        var z = Run("Mod", [Tensor.Vector(long.MinValue, 4L), Tensor.Vector(-1L, 0L)]);
        Assert.Equal([0L, 0L], z.ToArray<long>());
    }

    [Fact]
    public void Mod_MatchesOnnxNodeTests()
    {
        var x = Tensor.Vector(-4L, 7L, 5L, 4L, -7L, 8L);
        var y = Tensor.Vector(2L, -3L, 8L, -2L, 3L, 5L);
        // test_mod_mixed_sign_int64 (fmod = 0, Python's %) and test_mod_int64_fmod (C's %).
        Assert.Equal([0L, -2L, 5L, 0L, 2L, 3L], Run("Mod", [x, y]).ToArray<long>());
        Assert.Equal([0L, 1L, 5L, 0L, -1L, 3L], Run("Mod", [x, y], a => a.Set("fmod", 1L)).ToArray<long>());
        var x8 = Tensor.FromArray<sbyte>(new Shape(6), [-4, 7, 5, 4, -7, 8]);
        var y8 = Tensor.FromArray<sbyte>(new Shape(6), [2, -3, 8, -2, 3, 5]);
        Assert.Equal(new sbyte[] { 0, -2, 5, 0, 2, 3 }, Run("Mod", [x8, y8]).ToArray<sbyte>());
    }

    [Fact]
    public void UInt8Arithmetic_WrapsAsNodeTestsExpect()
    {
        var a = Tensor.FromArray<byte>(new Shape(4), [250, 3, 10, 200]);
        var b = Tensor.FromArray<byte>(new Shape(4), [10, 5, 3, 2]);
        Assert.Equal(new byte[] { 4, 8, 13, 202 }, Run("Add", [a, b]).ToArray<byte>());
        Assert.Equal(new byte[] { 240, 254, 7, 198 }, Run("Sub", [a, b]).ToArray<byte>());
        Assert.Equal(new byte[] { 196, 15, 30, 144 }, Run("Mul", [a, b]).ToArray<byte>());
        Assert.Equal(new byte[] { 25, 0, 3, 100 }, Run("Div", [a, b]).ToArray<byte>());
    }

    [Fact]
    public void UnaryIntegerOps()
    {
        var x = Tensor.Vector(-3L, 0L, 5L, long.MinValue);
        Assert.Equal([3L, 0L, 5L, long.MinValue], Run("Abs", [x]).ToArray<long>());
        Assert.Equal([3L, 0L, -5L, long.MinValue], Run("Neg", [x]).ToArray<long>());
        Assert.Equal([-1L, 0L, 1L, -1L], Run("Sign", [x]).ToArray<long>());
        Assert.Equal([0L, 0L, 5L, 0L], Run("Relu", [x]).ToArray<long>());
        Assert.Equal([3, 0, 5], Run("Abs", [Tensor.Vector(-3, 0, 5)]).ToArray<int>());
    }

    [Fact]
    public void Pow_OnIntegers()
    {
        // test_pow_types_int64_int64 and friends; exact even beyond double's 53 bits.
        Assert.Equal([1L, 32L, 27L, unchecked(3486784401L * 3486784401L)], Run("Pow", [Tensor.Vector(5L, 2L, 3L, 3L), Tensor.Vector(0L, 5L, 3L, 40L)]).ToArray<long>());
        Assert.Equal([0, 1, -1, 1], Run("Pow", [Tensor.Vector(2, 1, -1, -1), Tensor.Vector(-1, -5, -3, -2)]).ToArray<int>());
        // test_pow_types_int32_float32: computed in double, truncated back.
        Assert.Equal([1, 32, 5], Run("Pow", [Tensor.Vector(1, 2, 25), Tensor.Vector(4f, 5f, 0.5f)]).ToArray<int>());
        Assert.Equal([1L, 8L], Run("Pow", [Tensor.Vector(1L, 2L), Tensor.Vector(7, 3)]).ToArray<long>());
    }

    [Fact]
    public void BitShift_OnBytes()
    {
        var x = Tensor.FromArray<byte>(new Shape(4), [16, 4, 1, 255]);
        var s = Tensor.FromArray<byte>(new Shape(4), [1, 2, 3, 9]);
        Assert.Equal(new byte[] { 8, 1, 0, 0 }, Run("BitShift", [x, s], a => a.Set("direction", "RIGHT")).ToArray<byte>());
        Assert.Equal(new byte[] { 32, 16, 8, 0 }, Run("BitShift", [x, s], a => a.Set("direction", "LEFT")).ToArray<byte>());
        Assert.Throws<GraphValidationException>(() => Run("BitShift", [x, s], a => a.Set("direction", "UP")));
    }

    [Fact]
    public void ShapeArithmeticChain_RunsInInt64()
    {
        // What an exported model does with a shape: [N, C, H, W] → [N, C·H·W] via Mul, Div, Equal and Where.
        var g = new Graph();
        var shape = g.AddInput("shape", DataType.Int64, new Shape(4));
        var first = g.AddConstant("first", Tensor.FromArray<long>(new Shape(4), [1, 0, 0, 0]));
        var ones = g.AddConstant("ones", Tensor.Vector(1L, 1L, 1L, 1L));
        var isBatch = g.AddValue("is_batch");
        var rest = g.AddValue("rest");
        var product = g.AddValue("product");
        g.AddNode("Equal", [first, ones], [isBatch], "eq");
        g.AddNode("Where", [isBatch, ones, shape], [rest], "where");
        g.AddNode("Mul", [rest, g.AddConstant("two", Tensor.Scalar(2L))], [product], "mul");
        var halved = g.AddValue("halved");
        g.AddNode("Div", [product, g.AddConstant("half", Tensor.Scalar(2L))], [halved], "div");
        g.Outputs.Add(halved);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        Assert.Equal([1L, 3L, 28L, 28L], session.Run(Tensor.Vector(8L, 3L, 28L, 28L))[0].ToArray<long>());
    }

    [Fact]
    public void QuantizedIntegerValuesAreRefused()
    {
        var g = new Graph();
        var a = g.AddInput("a", DataType.Int8, new Shape(2));
        a.Quant = new QuantParams(0.5f, 0);
        var y = g.AddValue("y");
        g.AddNode("Add", [a, a], [y], NodeName);
        g.Outputs.Add(y);
        var e = Assert.Throws<UnsupportedException>(() => new InferenceSession(new Model(g) { Opsets = { [""] = 17 } }).Run(Tensor.FromArray<sbyte>(new Shape(2), [1, 2])));
        Assert.Contains(NodeName, e.Message);
    }
}
