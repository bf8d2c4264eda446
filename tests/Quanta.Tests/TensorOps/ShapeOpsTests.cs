using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class ShapeOpsTests
{
    [Theory]
    [InlineData(0L, null, new long[] { 2, 3, 4, 5 })]
    [InlineData(1L, 3L, new long[] { 3, 4 })]
    [InlineData(-1L, null, new long[] { 5 })]
    [InlineData(-10L, 10L, new long[] { 2, 3, 4, 5 })]
    [InlineData(2L, 1L, new long[0])]
    public void ShapeTakesTheRangeOfDimensions(long start, long? end, long[] expected)
    {
        var tester = OpTester.Onnx("Shape").Input(Tensor.Zeros(DataType.Int8, new Shape(2, 3, 4, 5))).Attr("start", start);
        if (end is long e) tester.Attr("end", e);
        var y = tester.RunDynamic()[0]; // folded from the shape: the plan has no step
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(expected, y.ToArray<long>());
    }

    [Fact]
    public void SizeAndTfliteShapeAreFolded()
    {
        var x = Tensor.Zeros(DataType.Bool, new Shape(2, 3, 4));
        Assert.Equal([24L], OpTester.Onnx("Size").Input(x).RunDynamic()[0].ToArray<long>());
        var s32 = OpTester.Tflite("SHAPE").Input(x).RunDynamic()[0];
        Assert.Equal(DataType.Int32, s32.Type);
        Assert.Equal([2, 3, 4], s32.ToArray<int>());
        var s64 = OpTester.Tflite("SHAPE").Input(x).Attr("out_type", "INT64").RunDynamic()[0];
        Assert.Equal([2L, 3L, 4L], s64.ToArray<long>());
    }

    [Fact]
    public void ConstantOfShapeFillsWithTheValueAttribute()
    {
        var zeros = OpTester.Onnx("ConstantOfShape").Input(Tensor.Vector(2L, 3L)).Run0();
        Assert.Equal(DataType.Float32, zeros.Type);
        Assert.Equal(new float[6], zeros.ToArray<float>());
        var sevens = OpTester.Onnx("ConstantOfShape").Input(Tensor.Vector(3L)).Attr("value", Tensor.Vector(7L)).Run0();
        Assert.Equal([7L, 7L, 7L], sevens.ToArray<long>());
        var scalar = OpTester.Onnx("ConstantOfShape").Input(Tensor.FromArray(new Shape(0), Array.Empty<long>())).Attr("value", Tensor.Vector(1.5f)).Run0();
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal([1.5f], scalar.ToArray<float>());
    }

    [Fact]
    public void RangeCountsUpAndDown()
    {
        Assert.Equal([1, 4, 7], OpTester.Onnx("Range").Inputs(Tensor.Scalar(1), Tensor.Scalar(9), Tensor.Scalar(3)).Run0().ToArray<int>());
        Assert.Equal([10L, 8L, 6L], OpTester.Onnx("Range").Inputs(Tensor.Scalar(10L), Tensor.Scalar(4L), Tensor.Scalar(-2L)).Run0().ToArray<long>());
        Assert.Empty(OpTester.Onnx("Range").Inputs(Tensor.Scalar(5), Tensor.Scalar(1), Tensor.Scalar(1)).Run0().ToArray<int>());
        Assert.Equal([0f, 0.5f, 1f, 1.5f], OpTester.Onnx("Range").Inputs(Tensor.Scalar(0f), Tensor.Scalar(1.75f), Tensor.Scalar(0.5f)).Run0().ToArray<float>());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Range").Inputs(Tensor.Scalar(0), Tensor.Scalar(1), Tensor.Scalar(0)).Run0());
    }

    [Theory]
    [MemberData(nameof(Nd.MovementTypes), MemberType = typeof(Nd))]
    public void ExpandBroadcastsBothWays(DataType type)
    {
        var x = Nd.As(Tensor.FromArray(new Shape(3, 1), [1f, 2f, 3f]), type);
        var y = OpTester.Onnx("Expand").Inputs(x, Tensor.Vector(2L, 1L, 2L)).Run0();
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        Assert.Equal(Nd.As(Tensor.FromArray(new Shape(12), [1f, 1f, 2f, 2f, 3f, 3f, 1f, 1f, 2f, 2f, 3f, 3f]), type).Bytes.ToArray(), y.Bytes.ToArray());
        var b = OpTester.Tflite("BROADCAST_TO").Inputs(x, Tensor.Vector(2, 3, 2)).Run0();
        Assert.Equal(y.Bytes.ToArray(), b.Bytes.ToArray());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Expand").Inputs(x, Tensor.Vector(2L, 2L)).Run0());
    }

    [Fact]
    public void TileRepeatsEachAxis()
    {
        var x = Nd.Iota(2, 2); // [[0 1] [2 3]]
        var y = OpTester.Onnx("Tile").Inputs(x, Tensor.Vector(2L, 3L)).Run0();
        Assert.Equal(new Shape(4, 6), y.Shape);
        var v = y.ToArray<float>();
        foreach (var o in Nd.Coordinates(4, 6)) Assert.Equal(x.ToArray<float>()[(o[0] % 2) * 2 + o[1] % 2], v[o[0] * 6 + o[1]]);
        var t = OpTester.Tflite("TILE").Inputs(Nd.As(x, DataType.Int16), Tensor.Vector(1, 0)).Run0();
        Assert.Equal(new Shape(2, 0), t.Shape);
    }

    [Fact]
    public void CastFollowsNumpy()
    {
        var f = Tensor.Vector(-2.7f, -0.5f, 0f, 0.5f, 2.7f, 300.9f, float.NaN);
        Assert.Equal([-2, 0, 0, 0, 2, 300, 0], OpTester.Onnx("Cast").Input(f).Attr("to", (long)DataType.Int32).Run0().ToArray<int>());
        Assert.Equal([1, 1, 0, 1, 1, 1, 1], OpTester.Onnx("Cast").Input(f).Attr("to", (long)DataType.Bool).Run0().Bytes.ToArray());
        var i = Tensor.Vector(300L, -129L, 5L);
        Assert.Equal(new sbyte[] { 44, 127, 5 }, OpTester.Onnx("Cast").Input(i).Attr("to", (long)DataType.Int8).Run0().ToArray<sbyte>());
        Assert.Equal([300f, -129f, 5f], OpTester.Onnx("Cast").Input(i).Attr("to", (long)DataType.Float32).Run0().ToArray<float>());
        var h = OpTester.Onnx("Cast").Input(Tensor.Vector(1e6f, 0.1f)).Attr("to", (long)DataType.Float16).Run0().ToArray<Half>();
        Assert.Equal(Half.PositiveInfinity, h[0]);
        Assert.Equal((Half)0.1f, h[1]);
        var like = OpTester.Onnx("CastLike").Inputs(Tensor.Vector(true, false), Tensor.Vector(0L)).Run0();
        Assert.Equal([1L, 0L], like.ToArray<long>());
        Assert.Throws<UnsupportedException>(() => OpTester.Onnx("Cast").Input(f).Attr("to", 11L).Run0());
        var t = OpTester.Tflite("CAST").Input(Tensor.Vector(3.9f, -3.9f)).Output(DataType.Int32).Run0();
        Assert.Equal([3, -3], t.ToArray<int>());
    }

    [Fact]
    public void TfliteFillAndZerosLike()
    {
        var y = OpTester.Tflite("FILL").Inputs(Tensor.Vector(2, 2), Tensor.Scalar((sbyte)-7)).Run0();
        Assert.Equal(DataType.Int8, y.Type);
        Assert.Equal(new sbyte[] { -7, -7, -7, -7 }, y.ToArray<sbyte>());
        var f = OpTester.Tflite("FILL").Inputs(Tensor.Vector(3L), Tensor.Scalar(0.25f)).Run0();
        Assert.Equal([0.25f, 0.25f, 0.25f], f.ToArray<float>());
        var z = OpTester.Tflite("ZEROS_LIKE").Input(Tensor.Vector(1.5f, -2f)).Run0();
        Assert.Equal([0f, 0f], z.ToArray<float>());
    }
}
