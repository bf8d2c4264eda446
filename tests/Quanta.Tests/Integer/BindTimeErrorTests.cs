using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>Bad quantization parameters fail at bind time with an error naming the tensor — never a wrong answer.</summary>
public class BindTimeErrorTests
{
    private static QuantizedOpHarness Conv(Tensor x, Tensor w, Tensor? b, DataType outType, QuantParams? outQ)
    {
        var op = new QuantizedOpHarness("CONV_2D").Input(x, name: "x").Input(w, true, "w");
        if (b is null) op.NoInput();
        else op.Input(b, true, "b");
        return op.Output(outType, new Shape(1, 2, 2, 2), outQ, "y").Attr("padding", "SAME");
    }

    private static Tensor X8(QuantParams? q) => Tensor.Zeros(DataType.Int8, new Shape(1, 2, 2, 3), q);

    private static Tensor W(QuantParams? q) => Tensor.Zeros(DataType.Int8, new Shape(2, 1, 1, 3), q);

    private static readonly QuantParams s_good = new(0.1f, 0);
    private static readonly QuantParams s_goodW = new([0.1f, 0.2f], [0, 0], 0);

    private static void Expect(QuantizedOpHarness op, string tensor, string fragment)
    {
        var e = Assert.Throws<QuantizationParameterException>(() => op.Bind());
        Assert.Equal(tensor, e.TensorName);
        Assert.Contains(fragment, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MissingParametersAreNamed()
    {
        Expect(Conv(X8(null), W(s_goodW), null, DataType.Int8, s_good), "x", "no quantization parameters");
        Expect(Conv(X8(s_good), W(null), null, DataType.Int8, s_good), "w", "no quantization parameters");
        Expect(Conv(X8(s_good), W(s_goodW), null, DataType.Int8, null), "y", "no quantization parameters");
    }

    [Fact]
    public void ZeroNegativeOrNonFiniteScalesAreRejected()
    {
        Expect(Conv(X8(new QuantParams(0f, 0)), W(s_goodW), null, DataType.Int8, s_good), "x", "scale");
        Expect(Conv(X8(s_good), W(new QuantParams([0.1f, -0.2f], [0, 0], 0)), null, DataType.Int8, s_good), "w", "scale");
        Expect(Conv(X8(s_good), W(s_goodW), null, DataType.Int8, new QuantParams(float.NaN, 0)), "y", "scale");
    }

    [Fact]
    public void ZeroPointsOutOfRangeOrOnWeightsAreRejected()
    {
        Expect(Conv(X8(new QuantParams(0.1f, 200)), W(s_goodW), null, DataType.Int8, s_good), "x", "zero point");
        Expect(Conv(X8(s_good), W(new QuantParams([0.1f, 0.2f], [0, 3], 0)), null, DataType.Int8, s_good), "w", "symmetric");
    }

    [Fact]
    public void WrongScaleCountOrAxisIsRejected()
    {
        Expect(Conv(X8(s_good), W(new QuantParams([0.1f, 0.2f, 0.3f], [0, 0, 0], 0)), null, DataType.Int8, s_good), "w", "scales");
        Expect(Conv(X8(s_good), W(new QuantParams([0.1f, 0.2f], [0, 0], 3)), null, DataType.Int8, s_good), "w", "axis");
        Expect(Conv(X8(s_good), W(new QuantParams([0.1f, 0.2f], [0, 0], 1)), null, DataType.Int8, s_good), "w", "axis");
        Expect(Conv(X8(new QuantParams([0.1f, 0.1f, 0.1f], [0, 0, 0], 3)), W(s_goodW), null, DataType.Int8, s_good), "x", "per tensor");
    }

    [Fact]
    public void BiasOfTheWrongTypeIsRejected()
    {
        var int8Bias = Tensor.Zeros(DataType.Int8, new Shape(2));
        Expect(Conv(X8(s_good), W(s_goodW), int8Bias, DataType.Int8, s_good), "b", "int32");
        var int64Bias = Tensor.Zeros(DataType.Int64, new Shape(2));
        Expect(Conv(X8(s_good), W(s_goodW), int64Bias, DataType.Int8, s_good), "b", "int32");
    }

    [Fact]
    public void Int16ActivationsNeedZeroPointZero()
    {
        var x16 = Tensor.Zeros(DataType.Int16, new Shape(1, 2, 2, 3), new QuantParams(1e-3f, 5));
        Expect(Conv(x16, W(s_goodW), null, DataType.Int16, new QuantParams(1e-3f, 0)), "x", "zero point 0");
        var x16ok = Tensor.Zeros(DataType.Int16, new Shape(1, 2, 2, 3), new QuantParams(1e-3f, 0));
        Expect(Conv(x16ok, W(s_goodW), null, DataType.Int16, new QuantParams(1e-3f, -4)), "y", "zero point 0");
        var add = new QuantizedOpHarness("ADD").Input(Tensor.Zeros(DataType.Int16, new Shape(3), new QuantParams(0.1f, 0)), name: "a")
            .Input(Tensor.Zeros(DataType.Int16, new Shape(3), new QuantParams(0.1f, 7)), name: "b").Output(DataType.Int16, new Shape(3), s_good, "s");
        Expect(add, "b", "zero point 0");
    }

    [Fact]
    public void FixedOutputParametersAreEnforced()
    {
        var x = Tensor.Zeros(DataType.Int8, new Shape(1, 4), s_good);
        Expect(new QuantizedOpHarness("SOFTMAX").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(1f / 128, -128), "p"), "p", "scale");
        Expect(new QuantizedOpHarness("LOGISTIC").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(1f / 256, 0), "p"), "p", "zero point");
        Expect(new QuantizedOpHarness("TANH").Input(x).Output(DataType.Int8, x.Shape, new QuantParams(1f / 256, 0), "p"), "p", "scale");
        Expect(new QuantizedOpHarness("MAX_POOL_2D").Input(Tensor.Zeros(DataType.Int8, new Shape(1, 2, 2, 1), s_good))
            .Output(DataType.Int8, new Shape(1, 1, 1, 1), new QuantParams(0.2f, 0), "p").Attr("filter_height", 2).Attr("filter_width", 2).Attr("padding", "VALID"), "p", "input's parameters");
    }

    [Fact]
    public void QuantizeAndDequantizeValidateTheirQuantizedSide()
    {
        var f = Tensor.Zeros(DataType.Float32, new Shape(3));
        Expect(new QuantizedOpHarness("QUANTIZE").Input(f).Output(DataType.Int8, f.Shape, null, "q"), "q", "no quantization parameters");
        Expect(new QuantizedOpHarness("QUANTIZE").Input(f).Output(DataType.Int8, f.Shape, new QuantParams(-1f, 0), "q"), "q", "scale");
        Expect(new QuantizedOpHarness("DEQUANTIZE").Input(Tensor.Zeros(DataType.Int8, new Shape(3)), name: "q").Output(DataType.Float32, f.Shape, null), "q", "no quantization parameters");
    }

    [Fact]
    public void UnsupportedFusedActivationIsAnUnsupportedError()
    {
        var op = Conv(X8(s_good), W(s_goodW), null, DataType.Int8, s_good).Attr("fused_activation_function", "TANH");
        var e = Assert.Throws<UnsupportedException>(() => op.Bind());
        Assert.Contains("CONV_2D", e.Message);
    }

    [Fact]
    public void BindingTheGoodCaseWorks()
    {
        var y = Conv(X8(s_good), W(s_goodW), Tensor.Zeros(DataType.Int32, new Shape(2)), DataType.Int8, s_good).Run();
        Assert.All(y.ToArray<sbyte>(), v => Assert.Equal(0, v));
    }
}
