using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class GatherTests
{
    [Fact]
    public void GathersRowsAndColumnsWithNegativeIndices()
    {
        var x = Nd.Iota(3, 2); // [[0 1] [2 3] [4 5]]
        var rows = OpTester.Onnx("Gather").Inputs(x, Tensor.FromArray(new Shape(2, 2), new long[] { 0, -1, 1, 2 })).Run0();
        Assert.Equal(new Shape(2, 2, 2), rows.Shape);
        Assert.Equal([0f, 1f, 4f, 5f, 2f, 3f, 4f, 5f], rows.ToArray<float>());
        var column = OpTester.Onnx("Gather").Inputs(x, Tensor.Scalar(-1)).Attr("axis", 1L).Run0();
        Assert.Equal(new Shape(3), column.Shape);
        Assert.Equal([1f, 3f, 5f], column.ToArray<float>());
    }

    [Theory]
    [MemberData(nameof(Nd.MovementTypes), MemberType = typeof(Nd))]
    public void RandomGathersMatchIndexArithmetic(DataType type)
    {
        var rng = new Random(7 + (int)type);
        for (int trial = 0; trial < 8; trial++)
        {
            int rank = rng.Next(1, 4);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            int axis = rng.Next(rank);
            var indexDims = Enumerable.Range(0, rng.Next(0, 3)).Select(_ => rng.Next(1, 4)).ToArray();
            var indices = Tensor.FromArray(new Shape(indexDims), Enumerable.Range(0, (int)new Shape(indexDims).ElementCount)
                .Select(_ => (long)rng.Next(-dims[axis], dims[axis])).ToArray());
            var x = Nd.As(Nd.Iota(dims), type);
            var y = OpTester.Onnx("Gather").Inputs(x, indices).Attr("axis", (long)(axis - (trial % 2) * rank)).Run0();
            var outDims = dims[..axis].Concat(indexDims).Concat(dims[(axis + 1)..]).ToArray();
            Assert.Equal(new Shape(outDims), y.Shape);
            foreach (var o in Nd.Coordinates(outDims))
            {
                long k = indices.GetInt64(Nd.Offset(indexDims, o[axis..(axis + indexDims.Length)]));
                var i = o[..axis].Append((int)(k < 0 ? k + dims[axis] : k)).Concat(o[(axis + indexDims.Length)..]).ToArray();
                Assert.Equal(x.GetDouble(Nd.Offset(dims, i)), y.GetDouble(Nd.Offset(outDims, o)));
            }
        }
    }

    [Fact]
    public void OutOfRangeIndexIsAnInputError()
    {
        var tester = OpTester.Onnx("Gather").Inputs(Nd.Iota(3), Tensor.Vector(3L));
        var e = Assert.Throws<InvalidInputException>(() => tester.RunDynamic());
        Assert.Contains("index 3", e.Message);
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Gather").Inputs(Nd.Iota(3), Tensor.Vector(0f)).Run0());
    }

    [Fact]
    public void GatherElementsPicksAlongTheAxis()
    {
        var x = Nd.Iota(3, 3); // [[0 1 2] [3 4 5] [6 7 8]]
        var indices = Tensor.FromArray(new Shape(2, 3), new long[] { 1, 2, 0, 2, 0, -3 });
        var y = OpTester.Onnx("GatherElements").Inputs(x, indices).Run0();
        Assert.Equal([3f, 7f, 2f, 6f, 1f, 2f], y.ToArray<float>());
        var z = OpTester.Onnx("GatherElements").Inputs(x, Tensor.FromArray(new Shape(2, 2), new int[] { 0, 0, 2, 1 })).Attr("axis", 1L).Run0();
        Assert.Equal([0f, 0f, 5f, 4f], z.ToArray<float>());
    }

    [Fact]
    public void TfliteGatherWithBatchDims()
    {
        // params [2, 3], indices [2, 2], batch_dims 1, axis 1: y[b, k] = x[b, idx[b, k]]
        var x = Nd.As(Nd.Iota(2, 3), DataType.Int8);
        var y = OpTester.Tflite("GATHER").Inputs(x, Tensor.FromArray(new Shape(2, 2), new int[] { 2, 0, 1, 1 }))
            .Attr("axis", 1L).Attr("batch_dims", 1L).Run0();
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal(new sbyte[] { 2, 0, 4, 4 }, y.ToArray<sbyte>());
        var plain = OpTester.Tflite("GATHER").Inputs(x, Tensor.Vector(1)).Run0();
        Assert.Equal(new sbyte[] { 3, 4, 5 }, plain.ToArray<sbyte>());
    }
}
