using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class DepthwiseAndFullyConnectedIntegerTests
{
    // Budgets as for CONV_2D: 1 LSB on the int8 path, 2 LSB on the 16x8 path (Q0.15 multiplier).
    private const double Int8Budget = 1;
    private const double Int16Budget = 2;

    private static double[] Depthwise(Tensor x, Tensor w, double[]? bias, int m, int sh, int sw, int dh, int dw, int padTop, int padLeft, int oh, int ow)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3], fh = w.Shape[1], fw = w.Shape[2], cout = c * m;
        var y = new double[n * oh * ow * cout];
        for (int b = 0; b < n; b++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int oc = 0; oc < cout; oc++)
                    {
                        double acc = bias?[oc] ?? 0;
                        for (int ky = 0; ky < fh; ky++)
                            for (int kx = 0; kx < fw; kx++)
                            {
                                int iy = oy * sh - padTop + ky * dh, ix = ox * sw - padLeft + kx * dw;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                acc += QuantTestData.Real(x, ((b * h + iy) * wd + ix) * c + oc / m) * QuantTestData.Real(w, (ky * fw + kx) * cout + oc);
                            }
                        y[((b * oh + oy) * ow + ox) * cout + oc] = acc;
                    }
        return y;
    }

    [Theory]
    [InlineData(1, 8, 8, 4, 1, 3, 3, 1, 1, 1, "SAME", "RELU6")]
    [InlineData(2, 7, 9, 3, 2, 3, 3, 2, 2, 1, "SAME", "NONE")]
    [InlineData(1, 10, 8, 1, 8, 4, 3, 2, 2, 1, "VALID", "RELU")]  // micro_speech's shape: one channel × 8
    [InlineData(1, 9, 9, 2, 1, 3, 3, 1, 1, 2, "SAME", "NONE")]    // dilation 2
    public void DepthwiseInt8MatchesFloatReference(int n, int h, int w, int c, int m, int fh, int fw, int sh, int sw, int dil, string padding, string activation)
    {
        var rng = new Random(c * 13 + m);
        var x = QuantTestData.RandomInt8(rng, new Shape(n, h, w, c), new QuantParams(0.04f, rng.Next(-30, 30)));
        var weights = QuantTestData.Weights(rng, new Shape(1, fh, fw, c * m), 3, 0.03f);
        var bias = FloatReference.RandomBias(rng, c * m, DataType.Int32, 500);
        var (oh, pt) = FloatReference.Window(padding, h, fh, sh, dil);
        var (ow, pl) = FloatReference.Window(padding, w, fw, sw, dil);
        var real = Depthwise(x, weights, FloatReference.Bias(bias, 0.04f, weights.Quant!), m, sh, sw, dil, dil, pt, pl, oh, ow);
        var outQ = FloatReference.FitOutput(real, DataType.Int8);
        var y = new QuantizedOpHarness("DEPTHWISE_CONV_2D").Input(x).Input(weights, true).Input(bias, true)
            .Output(DataType.Int8, new Shape(n, oh, ow, c * m), outQ)
            .Attr("padding", padding).Attr("stride_h", sh).Attr("stride_w", sw).Attr("dilation_h_factor", dil).Attr("dilation_w_factor", dil)
            .Attr("depth_multiplier", m).Attr("fused_activation_function", activation).Run();
        QuantTestData.AssertWithin(y, real.Select(v => FloatReference.Activate(v, activation)).ToArray(), -128, 127, Int8Budget, "int8 DEPTHWISE_CONV_2D");
    }

    [Theory]
    [InlineData(1, 6, 7, 4, 2, 3, 3, 1, "SAME")]
    [InlineData(1, 5, 12, 3, 1, 1, 5, 2, "VALID")]
    public void DepthwiseInt16x8MatchesFloatReference(int n, int h, int w, int c, int m, int fh, int fw, int s, string padding)
    {
        var rng = new Random(h + w);
        var x = QuantTestData.RandomInt16(rng, new Shape(n, h, w, c), new QuantParams(2e-4f, 0));
        var weights = QuantTestData.Weights(rng, new Shape(1, fh, fw, c * m), 3, 0.02f);
        var bias = FloatReference.RandomBias(rng, c * m, DataType.Int64, 1_000_000);
        var (oh, pt) = FloatReference.Window(padding, h, fh, s, 1);
        var (ow, pl) = FloatReference.Window(padding, w, fw, s, 1);
        var real = Depthwise(x, weights, FloatReference.Bias(bias, 2e-4f, weights.Quant!), m, s, s, 1, 1, pt, pl, oh, ow);
        var outQ = FloatReference.FitOutput(real, DataType.Int16);
        var y = new QuantizedOpHarness("DEPTHWISE_CONV_2D").Input(x).Input(weights, true).Input(bias, true)
            .Output(DataType.Int16, new Shape(n, oh, ow, c * m), outQ)
            .Attr("padding", padding).Attr("stride_h", s).Attr("stride_w", s).Attr("depth_multiplier", m).Run();
        QuantTestData.AssertWithin(y, real, short.MinValue, short.MaxValue, Int16Budget, "16x8 DEPTHWISE_CONV_2D");
    }

    private static double[] FullyConnected(Tensor x, Tensor w, double[]? bias)
    {
        int outDepth = w.Shape[0], depth = w.Shape[1], batches = (int)(x.ElementCount / depth);
        var y = new double[batches * outDepth];
        for (int b = 0; b < batches; b++)
            for (int o = 0; o < outDepth; o++)
            {
                double acc = bias?[o] ?? 0;
                for (int d = 0; d < depth; d++) acc += QuantTestData.Real(x, b * depth + d) * QuantTestData.Real(w, o * depth + d);
                y[b * outDepth + o] = acc;
            }
        return y;
    }

    [Theory]
    [InlineData(1, 16, 10, false, 0, "NONE")]
    [InlineData(3, 33, 7, true, 0, "RELU")]
    [InlineData(2, 20, 5, false, 9, "NONE")] // per-tensor weights with a nonzero zero point (TFLite's legacy offset)
    public void FullyConnectedInt8MatchesFloatReference(int batches, int depth, int outDepth, bool perChannel, int weightZeroPoint, string activation)
    {
        var rng = new Random(depth);
        var x = QuantTestData.RandomInt8(rng, new Shape(batches, depth), new QuantParams(0.03f, -128 + rng.Next(0, 40)));
        var weights = perChannel
            ? QuantTestData.Weights(rng, new Shape(outDepth, depth), 0, 0.01f)
            : QuantTestData.RandomInt8(rng, new Shape(outDepth, depth), new QuantParams(0.01f, weightZeroPoint), -100, 100);
        var bias = FloatReference.RandomBias(rng, outDepth, DataType.Int32, 3000);
        var real = FullyConnected(x, weights, FloatReference.Bias(bias, 0.03f, weights.Quant!));
        var outQ = FloatReference.FitOutput(real, DataType.Int8);
        var y = new QuantizedOpHarness("FULLY_CONNECTED").Input(x).Input(weights, true).Input(bias, true)
            .Output(DataType.Int8, new Shape(batches, outDepth), outQ).Attr("fused_activation_function", activation).Run();
        QuantTestData.AssertWithin(y, real.Select(v => FloatReference.Activate(v, activation)).ToArray(), -128, 127, Int8Budget, "int8 FULLY_CONNECTED");
    }

    [Theory]
    [InlineData(2, 40, 6, true, DataType.Int64)]
    [InlineData(1, 17, 9, false, DataType.Int64)]
    [InlineData(4, 12, 3, true, DataType.Int32)]
    public void FullyConnectedInt16x8MatchesFloatReference(int batches, int depth, int outDepth, bool perChannel, DataType biasType)
    {
        var rng = new Random(depth * 3);
        var x = QuantTestData.RandomInt16(rng, new Shape(batches, depth), new QuantParams(1e-4f, 0));
        var weights = perChannel
            ? QuantTestData.Weights(rng, new Shape(outDepth, depth), 0, 0.01f)
            : QuantTestData.RandomInt8(rng, new Shape(outDepth, depth), new QuantParams(0.01f, 0), -127, 127);
        var bias = FloatReference.RandomBias(rng, outDepth, biasType, 100_000);
        var real = FullyConnected(x, weights, FloatReference.Bias(bias, 1e-4f, weights.Quant!));
        var outQ = FloatReference.FitOutput(real, DataType.Int16);
        var y = new QuantizedOpHarness("FULLY_CONNECTED").Input(x).Input(weights, true).Input(bias, true)
            .Output(DataType.Int16, new Shape(batches, outDepth), outQ).Run();
        QuantTestData.AssertWithin(y, real, short.MinValue, short.MaxValue, Int16Budget, "16x8 FULLY_CONNECTED");
    }
}
