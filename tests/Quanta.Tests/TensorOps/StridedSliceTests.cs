using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

/// <summary>TFLite STRIDED_SLICE, each case worked by hand from TFLite's rules (see StridedSliceRule).</summary>
public class StridedSliceTests
{
    private static Tensor Run(Tensor x, int[] begin, int[] end, int[] strides,
        int beginMask = 0, int endMask = 0, int ellipsisMask = 0, int newAxisMask = 0, int shrinkMask = 0, bool offset = false) =>
        OpTester.Tflite("STRIDED_SLICE")
            .Inputs(x, Tensor.Vector(begin), Tensor.Vector(end), Tensor.Vector(strides))
            .Attr("begin_mask", (long)beginMask).Attr("end_mask", (long)endMask).Attr("ellipsis_mask", (long)ellipsisMask)
            .Attr("new_axis_mask", (long)newAxisMask).Attr("shrink_axis_mask", (long)shrinkMask).Attr("offset", offset ? 1L : 0L)
            .Run0();

    private static Tensor I(params int[] dims) => Nd.As(Nd.Iota(dims), DataType.Int32);

    [Fact]
    public void OneAxisBoundsClampAndWrap()
    {
        var x = I(5); // 0 1 2 3 4
        Assert.Equal([1, 2], Run(x, [1], [3], [1]).ToArray<int>());
        Assert.Equal([2, 3, 4], Run(x, [-3], [9], [1]).ToArray<int>());       // end clamps to 5
        Assert.Equal([0, 1, 2], Run(x, [-9], [3], [1]).ToArray<int>());       // begin clamps to 0
        Assert.Equal([3, 2], Run(x, [-2], [-4], [-1]).ToArray<int>());        // 3 down to (but not) 1
        Assert.Equal([4, 3], Run(x, [9], [2], [-1]).ToArray<int>());          // begin clamps to 4
        Assert.Equal([4, 2, 0], Run(x, [-1], [-9], [-2]).ToArray<int>());     // end clamps to −1
        Assert.Empty(Run(x, [4], [1], [1]).ToArray<int>());
    }

    [Fact]
    public void MasksOverrideBeginAndEndInTheWalkingDirection()
    {
        var x = I(5);
        Assert.Equal([0, 1, 2], Run(x, [2], [3], [1], beginMask: 1).ToArray<int>());
        Assert.Equal([2, 3, 4], Run(x, [2], [3], [1], endMask: 1).ToArray<int>());
        Assert.Equal([4, 3, 2, 1, 0], Run(x, [0], [0], [-1], beginMask: 1, endMask: 1).ToArray<int>());
        Assert.Equal([4, 3], Run(x, [0], [2], [-1], beginMask: 1).ToArray<int>());   // from the last element backwards
        Assert.Equal([1, 0], Run(x, [1], [4], [-1], endMask: 1).ToArray<int>());     // down to the first
    }

    [Fact]
    public void ShrinkAxisDropsTheAxisAndIgnoresEnd()
    {
        var x = I(2, 3); // [[0 1 2] [3 4 5]]
        var row = Run(x, [1, 0], [0, 3], [1, 1], shrinkMask: 1);
        Assert.Equal(new Shape(3), row.Shape);
        Assert.Equal([3, 4, 5], row.ToArray<int>());
        var last = Run(x, [0, -1], [2, 0], [1, 1], shrinkMask: 2); // x[:, -1]
        Assert.Equal([2, 5], last.ToArray<int>());
        var scalar = Run(x, [-1, -2], [0, 0], [1, 1], shrinkMask: 3);
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal([4], scalar.ToArray<int>());
        // Begin and end masks on a shrunk axis: the begin mask picks index 0.
        Assert.Equal([0, 1, 2], Run(x, [1, 0], [0, 0], [1, 1], beginMask: 1, endMask: 3, shrinkMask: 1).ToArray<int>());
        Assert.Throws<GraphValidationException>(() => Run(x, [2, 0], [3, 3], [1, 1], shrinkMask: 1));
    }

    [Fact]
    public void FewerSpecsThanAxesTakeTheRestWhole()
    {
        var x = I(2, 3, 2);
        var y = Run(x, [1], [2], [1]);
        Assert.Equal(new Shape(1, 3, 2), y.Shape);
        Assert.Equal([6, 7, 8, 9, 10, 11], y.ToArray<int>());
    }

    [Fact]
    public void EllipsisExpandsToTheMissingAxes()
    {
        var x = I(2, 3, 4);
        // x[..., 1:3]
        var y = Run(x, [0, 1], [0, 3], [1, 1], ellipsisMask: 1);
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        Assert.Equal([1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22], y.ToArray<int>());
        // x[1, ..., ::-3] with shrink on the first spec
        var z = Run(x, [1, 0, 0], [2, 0, 0], [1, 1, -3], beginMask: 4, endMask: 4, ellipsisMask: 2, shrinkMask: 1);
        Assert.Equal(new Shape(3, 2), z.Shape);
        Assert.Equal([15, 12, 19, 16, 23, 20], z.ToArray<int>());
    }

    [Fact]
    public void NewAxisInsertsASizeOneAxis()
    {
        var x = I(2, 3);
        // x[tf.newaxis, 1, :]
        var y = Run(x, [0, 1, 0], [0, 2, 0], [1, 1, 1], beginMask: 4, endMask: 4, newAxisMask: 1, shrinkMask: 2);
        Assert.Equal(new Shape(1, 3), y.Shape);
        Assert.Equal([3, 4, 5], y.ToArray<int>());
        // x[..., tf.newaxis, 0] on [2,3,4]: the ellipsis covers two axes.
        var w = Run(I(2, 3, 4), [0, 0, 0], [0, 0, 1], [1, 1, 1], ellipsisMask: 1, newAxisMask: 2, shrinkMask: 4);
        Assert.Equal(new Shape(2, 3, 1), w.Shape);
        Assert.Equal([0, 4, 8, 12, 16, 20], w.ToArray<int>());
        // A new-axis bit on the ellipsis spec itself has no effect.
        var e = Run(x, [0], [0], [1], ellipsisMask: 1, newAxisMask: 1);
        Assert.Equal(new Shape(2, 3), e.Shape);
    }

    [Fact]
    public void OffsetMakesEndASizeFromBegin()
    {
        var x = I(6);
        Assert.Equal([1, 2, 3], Run(x, [1], [3], [1], offset: true).ToArray<int>());
        Assert.Equal([2, 4], Run(x, [2], [4], [2], offset: true).ToArray<int>());
    }

    [Theory]
    [MemberData(nameof(Nd.MovementTypes), MemberType = typeof(Nd))]
    public void EveryTypeMovesTheSameElements(DataType type)
    {
        var x = Nd.As(Nd.Iota(3, 4), type);
        var y = Run(x, [2, -1], [0, 0], [-1, -2]); // x[2:0:-1, -1:0:-2]
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal(Nd.As(Tensor.FromArray(new Shape(2, 2), [11f, 9f, 7f, 5f]), type).Bytes.ToArray(), y.Bytes.ToArray());
    }
}
