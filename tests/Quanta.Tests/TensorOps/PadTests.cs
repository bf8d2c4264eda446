using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class PadTests
{
    private static float[] Pad1D(string mode, float[] x, long before, long after) =>
        OpTester.Onnx("Pad").Inputs(Tensor.Vector(x), Tensor.Vector(before, after)).Attr("mode", mode).Run0().ToArray<float>();

    [Fact]
    public void ConstantPadWithValueAndNegativePadsCrop()
    {
        var x = Tensor.FromArray(new Shape(2, 2), [1f, 2f, 3f, 4f]);
        var y = OpTester.Onnx("Pad").Inputs(x, Tensor.Vector(1L, 0L, 0L, 2L), Tensor.Scalar(9f)).Run0();
        Assert.Equal(new Shape(3, 4), y.Shape);
        Assert.Equal([9f, 9f, 9f, 9f, 1f, 2f, 9f, 9f, 3f, 4f, 9f, 9f], y.ToArray<float>());
        Assert.Equal([2f, 3f, 4f, 0f], Pad1D("constant", [1f, 2f, 3f, 4f], -1, 1));
        Assert.Equal([0f, 0f, 1f, 2f], Pad1D("constant", [1f, 2f, 3f, 4f], 2, -2));
    }

    [Fact]
    public void ReflectAndEdgeByHand()
    {
        Assert.Equal([3f, 2f, 1f, 2f, 3f, 4f, 3f, 2f, 1f], Pad1D("reflect", [1f, 2f, 3f, 4f], 2, 3));
        Assert.Equal([1f, 1f, 1f, 2f, 3f, 4f, 4f, 4f, 4f], Pad1D("edge", [1f, 2f, 3f, 4f], 2, 3));
        // Longer than the axis: numpy keeps reflecting.
        Assert.Equal([2f, 1f, 2f, 1f, 2f, 1f], Pad1D("reflect", [1f, 2f], 3, 1));
    }

    [Fact]
    public void AxesInputPadsOnlyTheListedAxes()
    {
        var x = Nd.Iota(2, 3);
        var y = OpTester.Onnx("Pad").Inputs(x, Tensor.Vector(1L, 1L), null, Tensor.Vector(-1L)).Run0();
        Assert.Equal(new Shape(2, 5), y.Shape);
        Assert.Equal([0f, 0f, 1f, 2f, 0f, 0f, 3f, 4f, 5f, 0f], y.ToArray<float>());
    }

    private static int Mirror(int i, int n, bool symmetric)
    {
        while (i < 0 || i >= n)
        {
            if (symmetric) i = i < 0 ? -i - 1 : 2 * n - 1 - i;
            else if (n == 1) i = 0;
            else i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }

    [Theory]
    [InlineData("REFLECT", DataType.Float32)]
    [InlineData("SYMMETRIC", DataType.Int8)]
    [InlineData("REFLECT", DataType.Int64)]
    [InlineData("SYMMETRIC", DataType.Float16)]
    public void RandomMirrorPadsMatchAStepwiseReflection(string mode, DataType type)
    {
        var rng = new Random(mode.Length + (int)type);
        for (int trial = 0; trial < 6; trial++)
        {
            int rank = rng.Next(1, 4);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(2, 5)).ToArray();
            bool symmetric = mode == "SYMMETRIC";
            var paddings = dims.SelectMany(d => new[] { rng.Next(0, symmetric ? d + 1 : d), rng.Next(0, symmetric ? d + 1 : d) }).ToArray();
            var x = Nd.As(Nd.Iota(dims), type);
            var y = OpTester.Tflite("MIRROR_PAD").Inputs(x, Tensor.FromArray(new Shape(rank, 2), paddings)).Attr("mode", mode).Run0();
            var outDims = dims.Select((d, a) => d + paddings[2 * a] + paddings[2 * a + 1]).ToArray();
            Assert.Equal(new Shape(outDims), y.Shape);
            foreach (var o in Nd.Coordinates(outDims))
            {
                var i = o.Select((v, a) => Mirror(v - paddings[2 * a], dims[a], symmetric)).ToArray();
                Assert.Equal(x.GetDouble(Nd.Offset(dims, i)), y.GetDouble(Nd.Offset(outDims, o)));
            }
        }
    }

    [Fact]
    public void TflitePadOfQuantizedTensorsUsesTheZeroPoint()
    {
        // int8 PAD runs on the integer kernels (KernelTable.Quantized); float PAD here.
        var q = new QuantParams(0.1f, -5);
        var x = Tensor.FromArray(new Shape(1, 2), new sbyte[] { 10, 20 }, q);
        var paddings = Tensor.FromArray(new Shape(2, 2), new[] { 0, 0, 1, 1 });
        var y = OpTester.Tflite("PAD").Inputs(x, paddings).Output(DataType.Int8, q).Run0();
        Assert.Equal(new sbyte[] { -5, 10, 20, -5 }, y.ToArray<sbyte>());
        var v2 = OpTester.Tflite("PADV2").Inputs(Tensor.FromArray(new Shape(1, 2), [1f, 2f]), paddings, Tensor.Scalar(-3f)).Run0();
        Assert.Equal([-3f, 1f, 2f, -3f], v2.ToArray<float>());
        var f = OpTester.Tflite("PAD").Inputs(Tensor.Vector(1f), Tensor.FromArray(new Shape(1, 2), new[] { 1, 2 })).Run0();
        Assert.Equal([0f, 1f, 0f, 0f], f.ToArray<float>());
        Assert.Throws<GraphValidationException>(() => OpTester.Tflite("PAD").Inputs(Tensor.Vector(1f), Tensor.FromArray(new Shape(1, 2), new[] { -1, 2 })).Run0());
    }

    [Fact]
    public void MirroringAnEmptyAxisIsRejected()
    {
        var x = Tensor.Zeros(DataType.Float32, new Shape(0));
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Pad").Inputs(x, Tensor.Vector(1L, 1L)).Attr("mode", "edge").Run0());
        Assert.Throws<UnsupportedException>(() => OpTester.Onnx("Pad").Inputs(Nd.Iota(2), Tensor.Vector(1L, 1L)).Attr("mode", "wrap").Run0());
    }
}
