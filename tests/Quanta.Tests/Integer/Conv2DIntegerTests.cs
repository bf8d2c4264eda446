using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class Conv2DIntegerTests
{
    // Error budgets against the float reference (dequantize → conv in double → quantize):
    // int8: the double-rounding requantization is within 1 LSB of x·M, and M's Q0.31 significand is
    // exact to 2^-31 relative — 1 LSB.
    // 16x8: TFLite's 64-bit requantization reduces M to Q0.15 (relative error ≤ 2^-15), worth up to
    // one more LSB at full int16 scale — 2 LSB.
    private const double Int8Budget = 1;
    private const double Int16Budget = 2;

    [Theory]
    [InlineData(1, 7, 9, 3, 5, 3, 3, 1, 1, 1, 1, "SAME", "NONE", 1)]
    [InlineData(2, 8, 8, 4, 6, 3, 3, 2, 2, 1, 1, "SAME", "RELU", 1)]
    [InlineData(1, 9, 11, 2, 4, 3, 2, 1, 2, 1, 1, "VALID", "RELU6", 1)]
    [InlineData(1, 10, 10, 3, 4, 3, 3, 1, 1, 2, 2, "SAME", "NONE", 1)]   // dilation
    [InlineData(1, 6, 7, 6, 4, 3, 3, 1, 1, 1, 1, "SAME", "RELU_N1_TO_1", 2)] // grouped: 2 groups
    [InlineData(1, 5, 5, 8, 16, 1, 1, 1, 1, 1, 1, "VALID", "NONE", 1)]  // pointwise
    public void Int8MatchesFloatReference(int n, int h, int w, int cin, int cout, int fh, int fw, int sh, int sw, int dh, int dw,
        string padding, string activation, int groups)
    {
        var rng = new Random(h * 31 + cout);
        var x = QuantTestData.RandomInt8(rng, new Shape(n, h, w, cin), new QuantParams(0.05f, rng.Next(-20, 20)));
        var weights = QuantTestData.Weights(rng, new Shape(cout, fh, fw, cin / groups), 0, 0.02f);
        var bias = FloatReference.RandomBias(rng, cout, DataType.Int32, 2000);
        var (oh, padTop) = FloatReference.Window(padding, h, fh, sh, dh);
        var (ow, padLeft) = FloatReference.Window(padding, w, fw, sw, dw);
        var real = FloatReference.Conv(x, weights, FloatReference.Bias(bias, 0.05f, weights.Quant!), sh, sw, dh, dw, padTop, padLeft, oh, ow);
        var outQ = FloatReference.FitOutput(real, DataType.Int8);
        var activated = real.Select(v => FloatReference.Activate(v, activation)).ToArray();

        var y = new QuantizedOpHarness("CONV_2D").Input(x).Input(weights, constant: true).Input(bias, constant: true)
            .Output(DataType.Int8, new Shape(n, oh, ow, cout), outQ)
            .Attr("padding", padding).Attr("stride_h", sh).Attr("stride_w", sw).Attr("dilation_h_factor", dh).Attr("dilation_w_factor", dw)
            .Attr("fused_activation_function", activation).Run();
        QuantTestData.AssertWithin(y, activated, -128, 127, Int8Budget, "int8 CONV_2D");
    }

    [Theory]
    [InlineData(1, 6, 9, 4, 5, 3, 3, 1, 1, "SAME", true)]
    [InlineData(1, 8, 8, 2, 8, 7, 7, 2, 1, "VALID", true)]
    [InlineData(2, 5, 6, 3, 3, 1, 3, 1, 2, "SAME", false)]
    public void Int16x8MatchesFloatReference(int n, int h, int w, int cin, int cout, int fh, int fw, int sh, int sw, string padding, bool withBias)
    {
        var rng = new Random(h * 7 + cin);
        var x = QuantTestData.RandomInt16(rng, new Shape(n, h, w, cin), new QuantParams(1e-3f, 0));
        var weights = QuantTestData.Weights(rng, new Shape(cout, fh, fw, cin), 0, 0.01f);
        var bias = FloatReference.RandomBias(rng, cout, DataType.Int64, 3_000_000);
        var (oh, padTop) = FloatReference.Window(padding, h, fh, sh, 1);
        var (ow, padLeft) = FloatReference.Window(padding, w, fw, sw, 1);
        var real = FloatReference.Conv(x, weights, withBias ? FloatReference.Bias(bias, 1e-3f, weights.Quant!) : null, sh, sw, 1, 1, padTop, padLeft, oh, ow);
        var outQ = FloatReference.FitOutput(real, DataType.Int16);

        var op = new QuantizedOpHarness("CONV_2D").Input(x).Input(weights, constant: true);
        if (withBias) op.Input(bias, constant: true);
        else op.NoInput();
        var y = op.Output(DataType.Int16, new Shape(n, oh, ow, cout), outQ)
            .Attr("padding", padding).Attr("stride_h", sh).Attr("stride_w", sw).Run();
        QuantTestData.AssertWithin(y, real, short.MinValue, short.MaxValue, Int16Budget, "16x8 CONV_2D");
    }

    [Fact]
    public void HandComputedPointwiseConvolution()
    {
        // x = [2, −1] at scale 0.5, zp 1 → reals [0.5, −1]; w = [[4, 2]] at scale 0.25 → [1, 0.5];
        // bias 6 at scale 0.125 → 0.75; y = 0.5 − 0.5 + 0.75 = 0.75 → at scale 0.25, zp −3: 3 − 3 = 0.
        var x = Tensor.FromArray<sbyte>(new Shape(1, 1, 1, 2), [2, -1], new QuantParams(0.5f, 1));
        var w = Tensor.FromArray<sbyte>(new Shape(1, 1, 1, 2), [4, 2], new QuantParams([0.25f], [0], 0));
        var b = Tensor.FromArray(new Shape(1), new[] { 6 });
        var y = new QuantizedOpHarness("CONV_2D").Input(x).Input(w, true).Input(b, true)
            .Output(DataType.Int8, new Shape(1, 1, 1, 1), new QuantParams(0.25f, -3)).Attr("padding", "VALID").Run();
        Assert.Equal(new sbyte[] { 0 }, y.ToArray<sbyte>());
    }
}
