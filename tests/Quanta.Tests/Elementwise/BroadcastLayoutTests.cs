using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Elementwise;

public class BroadcastLayoutTests
{
    [Fact]
    public void SameShapesMergeIntoOneRow()
    {
        var layout = new BroadcastLayout([2, 3, 4], [2, 3, 4], [2, 3, 4]);
        Assert.Equal(1, layout.RowCount);
        Assert.Equal(24, layout.InnerLength);
        Assert.Equal(1, layout.InnerStride(0));
        Assert.True(layout.IsDense(1));
    }

    [Fact]
    public void BiasPatternIsRowsOfChannels()
    {
        var layout = new BroadcastLayout([5, 1, 7], [5, 1, 7], [7]);
        Assert.Equal(5, layout.RowCount);
        Assert.Equal(7, layout.InnerLength);
        Assert.Equal([0, 7, 14, 21, 28], layout.RowOffsets(0).ToArray());
        Assert.Equal([0, 0, 0, 0, 0], layout.RowOffsets(1).ToArray());
        Assert.Equal(1, layout.InnerStride(1));
        Assert.False(layout.IsDense(1));
    }

    [Fact]
    public void ColumnBroadcastRepeatsAlongRows()
    {
        var layout = new BroadcastLayout([3, 4], [3, 1], [3, 4]);
        Assert.Equal(3, layout.RowCount);
        Assert.Equal(0, layout.InnerStride(0));
        Assert.Equal([0, 1, 2], layout.RowOffsets(0).ToArray());
    }

    [Fact]
    public void ScalarAndEmptyOutputs()
    {
        var scalar = new BroadcastLayout([1, 1], [], [1, 1]);
        Assert.Equal((1, 1, 1), (scalar.OutputLength, scalar.RowCount, scalar.InnerLength));
        var empty = new BroadcastLayout([0, 3], [0, 3], [3]);
        Assert.Equal((0, 0), (empty.OutputLength, empty.RowCount));
        Assert.Throws<ArgumentException>(() => new BroadcastLayout([2, 3], [4]));
        Assert.Throws<ArgumentException>(() => new BroadcastLayout([3], [2, 3]));
    }

    [Fact]
    public void BinaryDriver_CoversEveryLengthFrom0To70WithAndWithoutBroadcast()
    {
        var random = new Random(71);
        for (int n = 0; n <= 70; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            var y = new float[n + 1];
            y[n] = -7f;
            ElementwiseReference.Binary(new SubtractOperator<float>(), a, b, y.AsSpan(0, n), new BroadcastLayout([n], [n], [n]));
            for (int i = 0; i < n; i++) Assert.Equal(a[i] - b[i], y[i]);
            ElementwiseReference.Binary(new SubtractOperator<float>(), [2f], a, y.AsSpan(0, n), new BroadcastLayout([n], [1], [n]));
            for (int i = 0; i < n; i++) Assert.Equal(2f - a[i], y[i]);
            ElementwiseReference.Binary(new SubtractOperator<float>(), a, [2f], y.AsSpan(0, n), new BroadcastLayout([n], [n], []));
            for (int i = 0; i < n; i++) Assert.Equal(a[i] - 2f, y[i]);
            Assert.Equal(-7f, y[n]);
        }
    }

    [Fact]
    public void DriversCheckSpanLengthsAgainstTheLayout()
    {
        var layout = new BroadcastLayout([2, 3], [2, 3], [3]);
        Assert.Throws<ArgumentException>(() => ElementwiseReference.Binary(new AddOperator<float>(), new float[6], new float[2], new float[6], layout));
        Assert.Throws<ArgumentException>(() => ElementwiseReference.Binary(new AddOperator<float>(), new float[6], new float[3], new float[5], layout));
        Assert.Throws<ArgumentException>(() => ElementwiseReference.Select<float>(new bool[6], new float[6], new float[3], new float[6], layout));
    }
}
