using Quanta.Core;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

public class OnnxBinaryFloatTests
{
    public static TheoryData<string> Ops => ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Mod", "PRelu"];

    private static double Expected(string op, double a, double b) => op switch
    {
        "Add" or "Sum" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        "Div" => a / b,
        "Pow" => Math.Pow(a, b),
        "Max" => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b),
        "Min" => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b),
        "Mean" => (a + b) / 2,
        "Mod" => a % b, // C# double % is C's fmod
        "PRelu" => a < 0 ? a * b : a,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void MatchesDoublePrecisionOnEveryBroadcastPattern(string op)
    {
        var random = new Random(op.GetHashCode(StringComparison.Ordinal) & 0xffff);
        foreach (var (sa, sb) in BroadcastPatterns)
        {
            // PRelu's slope only broadcasts towards X.
            if (op == "PRelu" && !BroadcastShape(sa, sb).SequenceEqual(sa)) continue;
            var a = RandomFloats(random, sa, op == "Pow" ? 0.1 : -5, 5);
            var b = RandomFloats(random, sb, op == "Pow" ? -3 : -5, 3);
            var y = Run(op, [a, b], op == "Mod" ? n => n.Set("fmod", 1L) : null);
            int[] shape = BroadcastShape(sa, sb);
            Assert.Equal(new Shape(shape), y.Shape);
            // +, −, ×, ÷ and fmod are correctly rounded in float; pow comes from double.
            AssertClose(Reference(shape, [a, b], v => Expected(op, v[0], v[1])), y, rtol: 2.5e-7, what: $"{op} {string.Join(",", sa)} ⊕ {string.Join(",", sb)}");
        }
    }

    [Fact]
    public void PRelu_BroadcastsSlopePerChannel()
    {
        var x = Tensor.FromArray(new Shape(1, 2, 2), [-1f, 2f, -3f, 4f]);
        var slope = Tensor.FromArray(new Shape(2, 1), [0.5f, 0.25f]);
        Assert.Equal([-0.5f, 2f, -0.75f, 4f], Run("PRelu", [x, slope]).ToArray<float>());
    }

    [Fact]
    public void Div_FollowsIeeeForZeroAndInfinity()
    {
        var a = Tensor.Vector(1f, -1f, 0f, float.PositiveInfinity, float.NaN, 3f);
        var b = Tensor.Vector(0f, 0f, 0f, float.PositiveInfinity, 1f, float.NegativeInfinity);
        var y = Run("Div", [a, b]).ToArray<float>();
        Assert.Equal(float.PositiveInfinity, y[0]);
        Assert.Equal(float.NegativeInfinity, y[1]);
        Assert.True(float.IsNaN(y[2]) && float.IsNaN(y[3]) && float.IsNaN(y[4]));
        Assert.True(y[5] == 0f && float.IsNegative(y[5]));
    }

    [Fact]
    public void MaxMin_PropagateNaNFromEitherSide()
    {
        var a = Tensor.Vector(float.NaN, 1f, 2f);
        var b = Tensor.Vector(1f, float.NaN, -3f);
        Assert.True(Run("Max", [a, b]).ToArray<float>() is [var m0, var m1, 2f] && float.IsNaN(m0) && float.IsNaN(m1));
        Assert.True(Run("Min", [a, b]).ToArray<float>() is [var n0, var n1, -3f] && float.IsNaN(n0) && float.IsNaN(n1));
    }

    [Fact]
    public void Mod_Fmod_MatchesOnnxNodeTestAndSpecialCases()
    {
        // test_mod_mixed_sign_float32: np.fmod keeps the dividend's sign.
        var x = Tensor.Vector(-4.3f, 7.2f, 5.0f, 4.3f, -7.2f, 8.0f);
        var y = Tensor.Vector(2.1f, -3.4f, 8.0f, -2.1f, 3.4f, 5.0f);
        var z = Run("Mod", [x, y], n => n.Set("fmod", 1L)).ToArray<float>();
        float[] expected = [-0.1f, 0.4f, 5f, 0.1f, -0.4f, 3f];
        for (int i = 0; i < z.Length; i++) Assert.Equal(expected[i], z[i], 1e-6);

        var special = Run("Mod", [Tensor.Vector(1f, float.PositiveInfinity, 2.5f, float.NaN), Tensor.Vector(0f, 2f, float.NegativeInfinity, 1f)], n => n.Set("fmod", 1L)).ToArray<float>();
        Assert.True(float.IsNaN(special[0]) && float.IsNaN(special[1]) && float.IsNaN(special[3]));
        Assert.Equal(2.5f, special[2]);
    }

    [Fact]
    public void Pow_TakesIntegerExponentsAndNumpySpecialValues()
    {
        var x = Tensor.Vector(2f, -2f, 0f, float.NaN, -8f);
        var y64 = Run("Pow", [x, Tensor.Vector(3L, 3L, 0L, 0L, 2L)]).ToArray<float>();
        Assert.Equal([8f, -8f, 1f, 1f, 64f], y64);
        var y32 = Run("Pow", [x, Tensor.Vector(-1, 2, -1, 1, 1)]).ToArray<float>();
        Assert.Equal(0.5f, y32[0]);
        Assert.Equal(4f, y32[1]);
        Assert.Equal(float.PositiveInfinity, y32[2]);
        Assert.True(float.IsNaN(y32[3]));
        var frac = Run("Pow", [Tensor.Vector(-8f), Tensor.Vector(1f / 3f)]).ToArray<float>();
        Assert.True(float.IsNaN(frac[0]));
    }

    [Fact]
    public void AllConstantInputsAreFoldedAtCompileTime()
    {
        var y = Run("Mul", [Tensor.Vector(1.5f, 2f), Tensor.Scalar(4f)], asConstants: true);
        Assert.Equal([6f, 8f], y.ToArray<float>());
    }

    [Fact]
    public void IncompatibleShapesAreRejectedNamingTheNode()
    {
        var e = Assert.Throws<GraphValidationException>(() => Run("Add", [Tensor.Zeros(DataType.Float32, new Shape(2, 3)), Tensor.Zeros(DataType.Float32, new Shape(4))]));
        Assert.Contains(NodeName, e.Message);
        Assert.Contains("Add", e.Message);
    }

    [Fact]
    public void MixedTypesAreRejectedNamingTheNode()
    {
        var e = Assert.Throws<GraphValidationException>(() => Run("Sub", [Tensor.Vector(1f), Tensor.Vector(1L)]));
        Assert.Contains(NodeName, e.Message);
        Assert.Contains("Int64", e.Message);
    }
}
