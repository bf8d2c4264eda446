using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class ReshapeTests
{
    private static Tensor Shape64(params long[] dims) => Tensor.Vector(dims);

    [Theory]
    [MemberData(nameof(Nd.MovementTypes), MemberType = typeof(Nd))]
    public void ReshapeKeepsBytesForEveryType(DataType type)
    {
        var x = Nd.As(Nd.Iota(2, 3, 4), type);
        var y = OpTester.Onnx("Reshape").Inputs(x, Shape64(4, -1)).Run0();
        Assert.Equal(type, y.Type);
        Assert.Equal(new Shape(4, 6), y.Shape);
        Assert.Equal(x.Bytes.ToArray(), y.Bytes.ToArray());
    }

    [Fact]
    public void ZeroCopiesTheInputDimensionAndMinusOneIsInferred()
    {
        var y = OpTester.Onnx("Reshape").Inputs(Nd.Iota(2, 3, 4), Shape64(0, -1, 2)).Run0();
        Assert.Equal(new Shape(2, 6, 2), y.Shape);
    }

    [Fact]
    public void AllowZeroMakesZeroAnEmptyDimension()
    {
        var x = Tensor.Zeros(DataType.Float32, new Shape(0, 3, 4));
        var y = OpTester.Onnx("Reshape").Inputs(x, Shape64(3, 4, 0)).Attr("allowzero", 1L).Run0();
        Assert.Equal(new Shape(3, 4, 0), y.Shape);
        // Without allowzero the same 0 would copy input dimension 2 (4): 48 ≠ 0 elements.
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Reshape").Inputs(x, Shape64(3, 4, 0)).Run0());
    }

    [Fact]
    public void BadTargetsAreNamedErrors()
    {
        var x = Nd.Iota(2, 3);
        var e = Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Reshape").Inputs(x, Shape64(4, -1)).Run0());
        Assert.Contains("Reshape 'node'", e.Message);
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Reshape").Inputs(x, Shape64(-1, -1)).Run0());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Reshape").Inputs(x, Shape64(7)).Run0());
    }

    [Theory]
    [InlineData(0, 1, 24)]
    [InlineData(1, 2, 12)]
    [InlineData(2, 6, 4)]
    [InlineData(3, 24, 1)]
    [InlineData(-1, 6, 4)]
    [InlineData(-2, 2, 12)]
    [InlineData(-3, 1, 24)]
    public void FlattenSplitsAtTheAxis(long axis, int outer, int inner)
    {
        var x = Nd.As(Nd.Iota(2, 3, 4), DataType.Int8);
        var y = OpTester.Onnx("Flatten").Input(x).Attr("axis", axis).Run0();
        Assert.Equal(new Shape(outer, inner), y.Shape);
        Assert.Equal(x.Bytes.ToArray(), y.Bytes.ToArray());
    }

    [Fact]
    public void SqueezeWithAndWithoutAxes()
    {
        var x = Nd.Iota(1, 3, 1, 2);
        Assert.Equal(new Shape(3, 2), OpTester.Onnx("Squeeze").Input(x).Run0().Shape);
        Assert.Equal(new Shape(1, 3, 2), OpTester.Onnx("Squeeze").Inputs(x, Shape64(-2)).Run0().Shape);
        Assert.Equal(new Shape(3, 2), OpTester.Onnx("Squeeze").Inputs(x, Shape64(2, 0)).Run0().Shape);
        var e = Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Squeeze").Inputs(x, Shape64(1)).Run0());
        Assert.Contains("size 3", e.Message);
    }

    [Fact]
    public void UnsqueezeAxesCountInTheOutputRank()
    {
        var x = Nd.Iota(3, 4);
        Assert.Equal(new Shape(1, 3, 4, 1), OpTester.Onnx("Unsqueeze").Inputs(x, Shape64(0, -1)).Run0().Shape);
        Assert.Equal(new Shape(3, 1, 1, 4), OpTester.Onnx("Unsqueeze").Inputs(x, Shape64(2, 1)).Run0().Shape);
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Unsqueeze").Inputs(x, Shape64(1, 1)).Run0());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("Unsqueeze").Inputs(x, Shape64(3)).Run0());
    }

    [Fact]
    public void IdentityAndInferenceDropoutPassDataThrough()
    {
        var x = Nd.As(Nd.Iota(2, 2), DataType.Int64);
        Assert.Equal(x.ToArray<long>(), OpTester.Onnx("Identity").Input(x).Run0().ToArray<long>());
        var outs = OpTester.Onnx("Dropout").Inputs(Nd.Iota(2, 2), Tensor.Scalar(0.5f)).Outputs(2).Run();
        Assert.Equal([0f, 1f, 2f, 3f], outs[0].ToArray<float>());
        Assert.Equal(DataType.Bool, outs[1].Type);
        Assert.Equal([1, 1, 1, 1], outs[1].Bytes.ToArray());
        // training_mode = false is inference.
        var off = OpTester.Onnx("Dropout").Inputs(Nd.Iota(2), Tensor.Scalar(0.5f), Tensor.Scalar(false)).Run0();
        Assert.Equal([0f, 1f], off.ToArray<float>());
    }

    [Fact]
    public void TrainingModeDropoutIsUnsupported()
    {
        var tester = OpTester.Onnx("Dropout").Inputs(Nd.Iota(2), Tensor.Scalar(0.5f), Tensor.Scalar(true));
        // At run time (training_mode fed as an input) the kernel raises it.
        var e = Assert.ThrowsAny<UnsupportedException>(() => tester.RunDynamic());
        Assert.Contains("training-mode Dropout", e.Message);
        var folded = Assert.ThrowsAny<UnsupportedException>(() => new InferenceSession(tester.Build(constant: true)));
        Assert.Contains("training-mode Dropout", folded.Message);
    }

    [Fact]
    public void TfliteReshapeSqueezeAndExpandDims()
    {
        var x = Nd.As(Nd.Iota(1, 2, 3), DataType.Int8);
        Assert.Equal(new Shape(3, 2), OpTester.Tflite("RESHAPE").Inputs(x, Tensor.Vector(3, -1)).Run0().Shape);
        Assert.Equal(new Shape(6), OpTester.Tflite("RESHAPE").Input(x).Ints("new_shape", 6).Run0().Shape);
        Assert.Equal(Shape.Scalar, OpTester.Tflite("RESHAPE").Input(Nd.Iota(1, 1)).Ints("new_shape", 0).Run0().Shape);
        Assert.Equal(new Shape(2, 3), OpTester.Tflite("SQUEEZE").Input(x).Run0().Shape);
        Assert.Equal(new Shape(2, 3), OpTester.Tflite("SQUEEZE").Input(x).Ints("squeeze_dims", 0).Run0().Shape);
        Assert.Equal(new Shape(1, 2, 3, 1), OpTester.Tflite("EXPAND_DIMS").Inputs(x, Tensor.Scalar(-1)).Run0().Shape);
        Assert.Equal(new Shape(1, 1, 2, 3), OpTester.Tflite("EXPAND_DIMS").Inputs(x, Tensor.Vector(1)).Run0().Shape);
    }
}
