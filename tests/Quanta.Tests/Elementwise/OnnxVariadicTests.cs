using Quanta.Core;
using Xunit;
using static Quanta.Tests.Elementwise.ElementwiseHarness;

namespace Quanta.Tests.Elementwise;

/// <summary>Max, Min, Sum and Mean take 1..N inputs that all broadcast together.</summary>
public class OnnxVariadicTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in new[] { "Max", "Min", "Sum", "Mean" })
        {
            for (int n = 1; n <= 4; n++) data.Add(op, n);
        }
        return data;
    }

    private static readonly int[][] s_shapes = [[2, 1, 4], [3, 1], [4], [1, 3, 4]];

    private static double Fold(string op, double[] v) => op switch
    {
        "Max" => v.Max(),
        "Min" => v.Min(),
        "Sum" => v.Sum(),
        "Mean" => v.Sum() / v.Length,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FoldsAnyNumberOfBroadcastInputs(string op, int count)
    {
        var random = new Random(count * 101 + op.Length);
        var inputs = Enumerable.Range(0, count).Select(i => RandomFloats(random, s_shapes[i])).ToArray();
        var y = Run(op, inputs);
        var shape = BroadcastShape(s_shapes.Take(count).ToArray());
        Assert.Equal(new Shape(shape), y.Shape);
        AssertClose(Reference(shape, inputs, v => Fold(op, v)), y, rtol: 1e-6, atol: 1e-6, what: $"{op} of {count}");
    }

    [Fact]
    public void IntegerMaxMin_AndNaNInFloatMax()
    {
        var a = Tensor.Vector(1L, 9L, -4L);
        var b = Tensor.Vector(3L, 2L, -5L);
        var c = Tensor.Scalar(0L);
        Assert.Equal([3L, 9L, 0L], Run("Max", [a, b, c]).ToArray<long>());
        Assert.Equal([0L, 0L, -5L], Run("Min", [a, b, c]).ToArray<long>());
        var nan = Run("Max", [Tensor.Vector(1f, 2f), Tensor.Vector(float.NaN, 0f), Tensor.Vector(5f, 1f)]).ToArray<float>();
        Assert.True(float.IsNaN(nan[0]));
        Assert.Equal(2f, nan[1]);
    }

    [Fact]
    public void MeanOfOneInputIsTheInput()
    {
        var x = Tensor.Vector(1f, -2.5f, 3f);
        Assert.Equal(x.ToArray<float>(), Run("Mean", [x]).ToArray<float>());
        Assert.Equal(x.ToArray<float>(), Run("Sum", [x]).ToArray<float>());
    }

    [Fact]
    public void NoInputsIsAnErrorNamingTheNode()
    {
        var e = Assert.Throws<GraphValidationException>(() => Run("Sum", []));
        Assert.Contains(NodeName, e.Message);
    }

    [Fact]
    public void Float16MaxMinAndFmod()
    {
        var a = Tensor.FromArray<Half>(new Shape(3), [(Half)1.5f, (Half)(-2f), (Half)7.25f]);
        var b = Tensor.FromArray<Half>(new Shape(3), [(Half)0.5f, (Half)3f, (Half)(-2f)]);
        Assert.Equal(new[] { (Half)1.5f, (Half)3f, (Half)7.25f }, Run("Max", [a, b]).ToArray<Half>());
        Assert.Equal(new[] { (Half)0.5f, (Half)(-2f), (Half)(-2f) }, Run("Min", [a, b]).ToArray<Half>());
        Assert.Equal(new[] { (Half)0f, (Half)(-2f), (Half)1.25f }, Run("Mod", [a, b], n => n.Set("fmod", 1L)).ToArray<Half>());
    }
}
