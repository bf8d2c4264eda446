using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class ConcatSplitTests
{
    [Theory]
    [MemberData(nameof(Nd.MovementTypes), MemberType = typeof(Nd))]
    public void ConcatJoinsAlongANegativeAxis(DataType type)
    {
        var a = Nd.As(Nd.Iota(2, 2), type);
        var b = Nd.As(Tensor.FromArray(new Shape(2, 1), [7f, 8f]), type);
        var y = OpTester.Onnx("Concat").Inputs(a, b).Attr("axis", -1L).Run0();
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Equal(Nd.As(Tensor.FromArray(new Shape(2, 3), [0f, 1f, 7f, 2f, 3f, 8f]), type).Bytes.ToArray(), y.Bytes.ToArray());
    }

    [Fact]
    public void ConcatOfRandomBlocksMatchesIndexArithmetic()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 10; trial++)
        {
            int rank = rng.Next(1, 5);
            int axis = rng.Next(rank);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 4)).ToArray();
            var parts = Enumerable.Range(0, rng.Next(1, 4)).Select(_ =>
            {
                var d = (int[])dims.Clone();
                d[axis] = rng.Next(0, 4);
                return Nd.Random(rng, 10, d);
            }).ToArray();
            var y = OpTester.Onnx("Concat").Inputs(parts).Attr("axis", (long)axis).Run0();
            var outDims = (int[])dims.Clone();
            outDims[axis] = parts.Sum(p => p.Shape[axis]);
            Assert.Equal(new Shape(outDims), y.Shape);
            var values = y.ToArray<float>();
            foreach (var o in Nd.Coordinates(outDims))
            {
                int k = 0, at = o[axis];
                while (at >= parts[k].Shape[axis]) at -= parts[k++].Shape[axis];
                var i = (int[])o.Clone();
                i[axis] = at;
                Assert.Equal(parts[k].ToArray<float>()[Nd.Offset(parts[k].Shape.ToArray(), i)], values[Nd.Offset(outDims, o)]);
            }
        }
    }

    [Fact]
    public void ConcatRejectsMismatchedDimensions()
    {
        var e = Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Concat").Inputs(Nd.Iota(2, 2), Nd.Iota(3, 2)).Attr("axis", 1L).Run0());
        Assert.Contains("axis 0", e.Message);
    }

    [Fact]
    public void SplitBySizesEquallyAndUnevenly()
    {
        var x = Nd.As(Nd.Iota(2, 6), DataType.Int64);
        var sized = OpTester.Onnx("Split").Inputs(x, Tensor.Vector(1L, 5L)).Attr("axis", 1L).Outputs(2).Run();
        Assert.Equal(new long[] { 0, 6 }, sized[0].ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 7, 8, 9, 10, 11 }, sized[1].ToArray<long>());

        var equal = OpTester.Onnx("Split").Input(x).Attr("axis", -1L).Outputs(3).Run();
        Assert.All(equal, p => Assert.Equal(new Shape(2, 2), p.Shape));
        Assert.Equal(new long[] { 2, 3, 8, 9 }, equal[1].ToArray<long>());

        var uneven = OpTester.Onnx("Split").Input(x).Attr("axis", 1L).Outputs(4).Run();
        Assert.Equal([2, 2, 2, 0], uneven.Select(p => p.Shape[1]).ToArray());

        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Split").Inputs(x, Tensor.Vector(2L, 2L)).Attr("axis", 1L).Outputs(2).Run());
    }

    [Fact]
    public void TfliteConcatenationAppliesItsFloatActivation()
    {
        var y = OpTester.Tflite("CONCATENATION").Inputs(Tensor.Vector(-1f, 7f), Tensor.Vector(3f))
            .Attr("axis", 0L).Attr("fused_activation_function", "RELU6").Run0();
        Assert.Equal([0f, 6f, 3f], y.ToArray<float>());
    }

    [Fact]
    public void TfliteConcatenationOfUInt8KeepsQuantizationAndRejectsRescaling()
    {
        var q = new QuantParams(0.5f, 128);
        var a = Tensor.FromArray(new Shape(1, 2), new byte[] { 5, 200 }, q);
        var b = Tensor.FromArray(new Shape(1, 1), new byte[] { 100 }, q);
        var y = OpTester.Tflite("CONCATENATION").Inputs(a, b).Attr("axis", 1L).Output(DataType.UInt8, q).Run0();
        Assert.Equal(new byte[] { 5, 200, 100 }, y.ToArray<byte>());
        Assert.Equal(q, y.Quant);

        var other = Tensor.FromArray(new Shape(1, 1), new byte[] { 100 }, new QuantParams(0.25f, 128));
        Assert.Throws<UnsupportedException>(() => OpTester.Tflite("CONCATENATION").Inputs(a, other).Attr("axis", 1L).Output(DataType.UInt8, q).Run0());
        Assert.Throws<UnsupportedException>(() => OpTester.Tflite("CONCATENATION").Inputs(a, b).Attr("axis", 1L)
            .Attr("fused_activation_function", "RELU").Output(DataType.UInt8, q).Run0());
    }

    [Fact]
    public void TfliteSplitSplitVPackAndUnpack()
    {
        var x = Nd.As(Nd.Iota(2, 4), DataType.Int8);
        var split = OpTester.Tflite("SPLIT").Inputs(Tensor.Scalar(1), x).Attr("num_splits", 2L).Outputs(2).Run();
        Assert.Equal(new sbyte[] { 2, 3, 6, 7 }, split[1].ToArray<sbyte>());
        Assert.Throws<GraphValidationException>(() => OpTester.Tflite("SPLIT").Inputs(Tensor.Scalar(1), x).Outputs(3).Run());

        var splitV = OpTester.Tflite("SPLIT_V").Inputs(x, Tensor.Vector(1, -1), Tensor.Scalar(-1)).Outputs(2).Run();
        Assert.Equal(new Shape(2, 3), splitV[1].Shape);
        Assert.Equal(new sbyte[] { 1, 2, 3, 5, 6, 7 }, splitV[1].ToArray<sbyte>());

        var packed = OpTester.Tflite("PACK").Inputs(Tensor.Vector(1L, 2L), Tensor.Vector(3L, 4L), Tensor.Vector(5L, 6L)).Attr("axis", 1L).Attr("values_count", 3L).Run0();
        Assert.Equal(new Shape(2, 3), packed.Shape);
        Assert.Equal(new long[] { 1, 3, 5, 2, 4, 6 }, packed.ToArray<long>());

        var scalars = OpTester.Tflite("PACK").Inputs(Tensor.Scalar(7), Tensor.Scalar(-1)).Run0();
        Assert.Equal(new[] { 7, -1 }, scalars.ToArray<int>());

        var unpacked = OpTester.Tflite("UNPACK").Input(x).Attr("axis", 1L).Attr("num", 4L).Outputs(4).Run();
        Assert.Equal(new Shape(2), unpacked[3].Shape);
        Assert.Equal(new sbyte[] { 3, 7 }, unpacked[3].ToArray<sbyte>());
    }
}
