using Quanta.Core;
using Quanta.Data.Metrics;
using Xunit;

namespace Quanta.Tests.Data;

public class ClassificationTests
{
    [Fact]
    public void ArgMaxTakesTheLowestIndexOnTiesAndIgnoresNaN()
    {
        Assert.Equal(1, Classification.ArgMax([0f, 3f, 3f, 1f]));
        Assert.Equal(2, Classification.ArgMax([float.NaN, -5f, 2f]));
        Assert.Equal(0, Classification.ArgMax([float.NaN, float.NaN]));
        Assert.Equal(0, Classification.ArgMax([float.NegativeInfinity, float.NegativeInfinity]));
    }

    [Fact]
    public void ArgMaxRowsWorksForFloatAndQuantizedScores()
    {
        var f = Tensor.FromArray(new Shape(2, 3), [1f, 9f, 9f, 7f, 0f, -1f]);
        Assert.Equal([1, 0], Classification.ArgMaxRows(f));
        var q = Tensor.FromArray(new Shape(2, 3), [(sbyte)-128, (sbyte)-3, (sbyte)-100, (sbyte)5, (sbyte)5, (sbyte)6], new QuantParams(0.1f, -128));
        Assert.Equal([1, 2], Classification.ArgMaxRows(q));
        Assert.Throws<ArgumentException>(() => Classification.ArgMaxRows(Tensor.Zeros(DataType.Float32, new Shape(1, 2, 3))));
    }

    [Fact]
    public void TopKOrdersByValueThenIndex()
    {
        Assert.Equal([3, 1, 2], Classification.TopK([0f, 5f, 5f, 9f, float.NaN], 3));
        Assert.Equal([1, 0], Classification.TopK([1f, 2f], 5));
    }

    [Fact]
    public void TopOneAccuracyCountsHits()
    {
        var acc = new TopOneAccuracy();
        Assert.Equal(0, acc.Value);
        acc.Add(Tensor.FromArray(new Shape(4, 2), [1f, 0f, 0f, 1f, 2f, 2f, 0f, 3f]), [0, 0, 0, 1]);
        Assert.Equal(4, acc.Count);
        Assert.Equal(3, acc.Correct);
        Assert.Equal(0.75, acc.Value);
        Assert.Throws<ArgumentException>(() => acc.Add(Tensor.Zeros(DataType.Float32, new Shape(2, 2)), [0]));
    }
}
