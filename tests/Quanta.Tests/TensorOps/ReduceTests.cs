using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class ReduceTests
{
    private static readonly Dictionary<string, Func<double[], double>> s_definitions = new()
    {
        ["ReduceSum"] = v => v.Sum(),
        ["ReduceMean"] = v => v.Average(),
        ["ReduceMax"] = v => v.Max(),
        ["ReduceMin"] = v => v.Min(),
        ["ReduceProd"] = v => v.Aggregate(1.0, (a, b) => a * b),
        ["ReduceL1"] = v => v.Sum(Math.Abs),
        ["ReduceL2"] = v => Math.Sqrt(v.Sum(x => x * x)),
        ["ReduceSumSquare"] = v => v.Sum(x => x * x),
        ["ReduceLogSum"] = v => Math.Log(v.Sum()),
        ["ReduceLogSumExp"] = v => Math.Log(v.Sum(Math.Exp)),
    };

    public static TheoryData<string> Ops => new(s_definitions.Keys);

    [Theory]
    [MemberData(nameof(Ops))]
    public void RandomAxesMatchTheDefinition(string op)
    {
        var rng = new Random(op.Length);
        for (int trial = 0; trial < 8; trial++)
        {
            int rank = rng.Next(1, 5);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 4)).ToArray();
            var axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).Select(a => (long)(rng.Next(2) == 0 ? a : a - rank)).ToArray();
            bool keep = rng.Next(2) == 0;
            // Positive values keep ReduceLogSum defined.
            var x = Tensor.FromArray(new Shape(dims), Enumerable.Range(0, (int)new Shape(dims).ElementCount).Select(_ => (float)(rng.NextDouble() * 2 + 0.1)).ToArray());
            var tester = OpTester.Onnx(op).Attr("keepdims", keep ? 1L : 0L);
            // ReduceSum takes its axes as an input (opset 13); the others as an attribute (opset 17).
            if (op == "ReduceSum") tester.Inputs(x, axes.Length == 0 ? null : Tensor.Vector(axes));
            else
            {
                tester.Input(x);
                if (axes.Length > 0) tester.Ints("axes", axes);
            }
            var y = tester.Run0();

            var reduced = new bool[rank];
            if (axes.Length == 0) Array.Fill(reduced, true);
            foreach (long a in axes) reduced[a < 0 ? a + rank : a] = true;
            var outDims = dims.Select((d, a) => reduced[a] ? 1 : d).ToArray();
            Assert.Equal(new Shape(keep ? outDims : dims.Where((_, a) => !reduced[a]).ToArray()), y.Shape);
            var groups = Nd.Coordinates(dims).GroupBy(c => Nd.Offset(outDims, c.Select((v, a) => reduced[a] ? 0 : v).ToArray()));
            var yv = y.ToArray<float>();
            foreach (var g in groups)
            {
                double expected = s_definitions[op](g.Select(c => (double)x.ToArray<float>()[Nd.Offset(dims, c)]).ToArray());
                Assert.Equal(expected, yv[g.Key], Math.Max(1e-5, Math.Abs(expected) * 1e-5));
            }
        }
    }

    [Fact]
    public void NoopWithEmptyAxesIsTheIdentity()
    {
        var x = Nd.Iota(2, 3);
        var same = OpTester.Onnx("ReduceSum").Inputs(x, Tensor.FromArray(new Shape(0), Array.Empty<long>())).Attr("noop_with_empty_axes", 1L).Run0();
        Assert.Equal(x.ToArray<float>(), same.ToArray<float>());
        var all = OpTester.Onnx("ReduceMax").Input(x).Run0();
        Assert.Equal(new Shape(1, 1), all.Shape);
        Assert.Equal([5f], all.ToArray<float>());
    }

    [Fact]
    public void LogSumExpIsStableForLargeInputs()
    {
        var y = OpTester.Onnx("ReduceLogSumExp").Input(Tensor.Vector(1000f, 1000f)).Attr("keepdims", 0L).Run0();
        Assert.Equal(1000 + Math.Log(2), y.ToArray<float>()[0], 3);
    }

    [Fact]
    public void EmptyReductionsGiveTheirIdentity()
    {
        var x = Tensor.Zeros(DataType.Float32, new Shape(2, 0));
        Assert.Equal([0f, 0f], OpTester.Onnx("ReduceSum").Inputs(x, Tensor.Vector(1L)).Attr("keepdims", 0L).Run0().ToArray<float>());
        Assert.Equal([1f, 1f], OpTester.Onnx("ReduceProd").Input(x).Ints("axes", 1).Attr("keepdims", 0L).Run0().ToArray<float>());
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity], OpTester.Onnx("ReduceMax").Input(x).Ints("axes", 1).Attr("keepdims", 0L).Run0().ToArray<float>());
    }

    [Fact]
    public void TfliteMeanAndFriendsTakeAxesFromInputOne()
    {
        var x = Nd.Iota(2, 3, 2);
        var mean = OpTester.Tflite("MEAN").Inputs(x, Tensor.Vector(1, -2, 2)).Run0(); // repeated axis is one axis
        Assert.Equal(new Shape(2), mean.Shape);
        Assert.Equal([2.5f, 8.5f], mean.ToArray<float>());
        var sum = OpTester.Tflite("SUM").Inputs(x, Tensor.Vector(0)).Attr("keep_dims", 1L).Run0();
        Assert.Equal(new Shape(1, 3, 2), sum.Shape);
        Assert.Equal([6f, 8f, 10f, 12f, 14f, 16f], sum.ToArray<float>());
        Assert.Equal([1f, 3f, 5f, 7f, 9f, 11f], OpTester.Tflite("REDUCE_MAX").Inputs(x, Tensor.Vector(2)).Run0().ToArray<float>());
        Assert.Equal([0f, 1f], OpTester.Tflite("REDUCE_MIN").Inputs(x, Tensor.Vector(0, 1)).Run0().ToArray<float>());
        var none = OpTester.Tflite("MEAN").Inputs(x, Tensor.FromArray(new Shape(0), Array.Empty<int>())).Run0();
        Assert.Equal(x.ToArray<float>(), none.ToArray<float>());
        Assert.Equal([0f, 6f * 7f * 8f * 9f * 10f * 11f], OpTester.Tflite("REDUCE_PROD").Inputs(x, Tensor.Vector(1, 2)).Run0().ToArray<float>());
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Float16)]
    public void ArgMaxAndArgMinWithTiesAndKeepdims(DataType type)
    {
        var x = Nd.As(Tensor.FromArray(new Shape(2, 3), [1f, 5f, 5f, 7f, 2f, 7f]), type);
        Assert.Equal([1L, 0L], OpTester.Onnx("ArgMax").Input(x).Attr("axis", 1L).Attr("keepdims", 0L).Run0().ToArray<long>());
        Assert.Equal([2L, 2L], OpTester.Onnx("ArgMax").Input(x).Attr("axis", -1L).Attr("keepdims", 0L).Attr("select_last_index", 1L).Run0().ToArray<long>());
        var min = OpTester.Onnx("ArgMin").Input(x).Run0();
        Assert.Equal(new Shape(1, 3), min.Shape);
        Assert.Equal([0L, 1L, 0L], min.ToArray<long>());
        var t = OpTester.Tflite("ARG_MAX").Inputs(x, Tensor.Scalar(0)).Attr("output_type", "INT32").Run0();
        Assert.Equal(new Shape(3), t.Shape);
        Assert.Equal([1, 0, 1], t.ToArray<int>());
        Assert.Equal([0L, 1L], OpTester.Tflite("ARG_MIN").Inputs(x, Tensor.Vector(1)).Run0().ToArray<long>());
    }

    [Fact]
    public void ArgMaxOfNaNPicksTheNaNAsNumpyDoes()
    {
        var y = OpTester.Onnx("ArgMax").Input(Tensor.Vector(1f, float.NaN, 3f)).Attr("keepdims", 0L).Run0();
        Assert.Equal([1L], y.ToArray<long>());
    }
}
