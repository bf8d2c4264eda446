using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class TransposeTests
{
    [Fact]
    public void TransposesAMatrixByHand()
    {
        var y = OpTester.Onnx("Transpose").Input(Nd.Iota(2, 3)).Run0();
        Assert.Equal(new Shape(3, 2), y.Shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], y.ToArray<float>());
    }

    public static TheoryData<DataType, int> TypesAndSeeds()
    {
        var data = new TheoryData<DataType, int>();
        foreach (var t in new[] { DataType.Float32, DataType.Float16, DataType.Int8, DataType.Int64, DataType.Bool, DataType.Int16 })
        {
            for (int seed = 0; seed < 3; seed++) data.Add(t, seed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndSeeds))]
    public void RandomPermutationsMatchIndexArithmetic(DataType type, int seed)
    {
        var rng = new Random(seed * 31 + (int)type);
        int rank = rng.Next(1, 6);
        var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
        var perm = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
        var x = Nd.As(Nd.Iota(dims), type);
        var onnx = OpTester.Onnx("Transpose").Input(x).Ints("perm", perm.Select(p => (long)p).ToArray()).Run0();
        var tflite = OpTester.Tflite("TRANSPOSE").Inputs(x, Tensor.Vector(perm)).Run0();

        var outDims = perm.Select(p => dims[p]).ToArray();
        Assert.Equal(new Shape(outDims), onnx.Shape);
        int size = type.SizeOf();
        var expected = new byte[x.ByteCount];
        foreach (var o in Nd.Coordinates(outDims))
        {
            var i = new int[rank];
            for (int a = 0; a < rank; a++) i[perm[a]] = o[a];
            x.Bytes.Slice((int)Nd.Offset(dims, i) * size, size).CopyTo(expected.AsSpan((int)Nd.Offset(outDims, o) * size));
        }
        Assert.Equal(expected, onnx.Bytes.ToArray());
        Assert.Equal(expected, tflite.Bytes.ToArray());
    }

    [Fact]
    public void DefaultPermReversesAndBadPermsAreRejected()
    {
        Assert.Equal(new Shape(4, 3, 2), OpTester.Onnx("Transpose").Input(Nd.Iota(2, 3, 4)).Run0().Shape);
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Transpose").Input(Nd.Iota(2, 3)).Ints("perm", 0, 0).Run0());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Transpose").Input(Nd.Iota(2, 3)).Ints("perm", 0).Run0());
    }

    [Fact]
    public void PerAxisQuantizationFollowsItsAxis()
    {
        var q = new QuantParams([0.1f, 0.2f], [0, 0], 0);
        var x = Tensor.FromArray(new Shape(2, 3), new sbyte[] { 1, 2, 3, 4, 5, 6 }, q);
        var model = OpTester.Onnx("Transpose").Input(x).Build(constant: false);
        GraphShapeInference.Run(model.Graph, 17);
        Assert.Equal(1, model.Graph.GetValue("out0").Quant!.Axis);
    }
}
