using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class SliceTests
{
    private static Tensor V(params long[] values) => Tensor.Vector(values);

    [Fact]
    public void SlicesByHand()
    {
        // x = [[0 1 2 3] [4 5 6 7] [8 9 10 11]]; x[1:3, ::-2] = [[7 5] [11 9]]
        var x = Nd.Iota(3, 4);
        var y = OpTester.Onnx("Slice").Inputs(x, V(1, -1), V(3, long.MinValue), V(0, 1), V(1, -2)).Run0();
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal([7f, 5f, 11f, 9f], y.ToArray<float>());
    }

    [Fact]
    public void ClampsLikeOnnxIncludingHugeAndNegativeBounds()
    {
        var x = Nd.Iota(5);
        float[] Slice(long start, long end, long step) =>
            OpTester.Onnx("Slice").Inputs(x, V(start), V(end), V(0), V(step)).Run0().ToArray<float>();
        Assert.Equal([1f, 2f, 3f, 4f], Slice(1, long.MaxValue, 1));
        Assert.Equal([0f, 1f], Slice(-100, 2, 1));
        Assert.Equal([4f, 3f, 2f, 1f, 0f], Slice(long.MaxValue, long.MinValue, -1));
        Assert.Equal([4f, 2f, 0f], Slice(-1, -100, -2));
        Assert.Empty(Slice(3, 1, 1));
        Assert.Empty(Slice(1, 3, -1));
        // A negative step clamps start into [0, n−1]: start −100 becomes 0, which is taken.
        Assert.Equal([0f], Slice(-100, -100, -1));
    }

    [Fact]
    public void DefaultAxesAndStepsAndErrors()
    {
        var x = Nd.As(Nd.Iota(2, 3), DataType.Int64);
        var y = OpTester.Onnx("Slice").Inputs(x, V(0, 1), V(1, 3)).Run0();
        Assert.Equal(new long[] { 1, 2 }, y.ToArray<long>());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Slice").Inputs(x, V(0), V(1), V(0), V(0)).Run0());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Slice").Inputs(x, V(0, 0), V(1, 1), V(1, -1)).Run0());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Slice").Inputs(x, V(0), V(1), V(2)).Run0());
    }

    // The ONNX rule, walked one index at a time rather than by formula.
    private static List<long> Indices(int dim, long start, long end, long step)
    {
        if (start < 0) start += dim;
        if (end < 0) end += dim;
        if (step > 0) { start = Math.Clamp(start, 0, dim); end = Math.Clamp(end, 0, dim); }
        else { start = Math.Clamp(start, 0, dim - 1); end = Math.Clamp(end, -1, dim - 1); }
        var result = new List<long>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) result.Add(i);
        return result;
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Int64)]
    public void RandomSlicesMatchAnIndexWalk(DataType type)
    {
        var rng = new Random((int)type);
        for (int trial = 0; trial < 20; trial++)
        {
            int rank = rng.Next(1, 5);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 6)).ToArray();
            var axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).ToArray();
            if (axes.Length == 0) axes = [0];
            var starts = axes.Select(_ => (long)rng.Next(-7, 7)).ToArray();
            var ends = axes.Select(_ => (long)rng.Next(-7, 7)).ToArray();
            var steps = axes.Select(_ => (long)(rng.Next(1, 4) * (rng.Next(2) == 0 ? 1 : -1))).ToArray();
            var x = Nd.As(Nd.Iota(dims), type);
            // Axes are given negative half of the time.
            var axisValues = axes.Select(a => rng.Next(2) == 0 ? (long)a : a - rank).ToArray();
            var y = OpTester.Onnx("Slice").Inputs(x, V(starts), V(ends), V(axisValues), V(steps)).Run0();

            var picks = Enumerable.Range(0, rank).Select(a => Enumerable.Range(0, dims[a]).Select(i => (long)i).ToList()).ToArray();
            for (int k = 0; k < axes.Length; k++) picks[axes[k]] = Indices(dims[axes[k]], starts[k], ends[k], steps[k]);
            var outDims = picks.Select(p => p.Count).ToArray();
            Assert.Equal(new Shape(outDims), y.Shape);
            var expected = Nd.Coordinates(outDims).Select(o => x.GetDouble(Nd.Offset(dims, o.Select((v, a) => (int)picks[a][v]).ToArray()))).ToArray();
            Assert.Equal(expected, Enumerable.Range(0, (int)y.ElementCount).Select(i => y.GetDouble(i)).ToArray());
        }
    }

    [Fact]
    public void TfliteSliceTakesSizesWithMinusOneForTheRest()
    {
        var x = Nd.As(Nd.Iota(3, 4), DataType.UInt8);
        var y = OpTester.Tflite("SLICE").Inputs(x, Tensor.Vector(1, 1), Tensor.Vector(-1, 2)).Run0();
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal(new byte[] { 5, 6, 9, 10 }, y.ToArray<byte>());
        Assert.Throws<GraphValidationException>(() => OpTester.Tflite("SLICE").Inputs(x, Tensor.Vector(2, 0), Tensor.Vector(2, 1)).Run0());
    }
}
