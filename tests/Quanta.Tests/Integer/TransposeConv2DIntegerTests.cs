using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

public class TransposeConv2DIntegerTests
{
    private const double Int8Budget = 1;  // see Conv2DIntegerTests
    private const double Int16Budget = 2;

    /// <summary>Transposed convolution by scattering: output (iy·s − pad + ky, ix·s − pad + kx) += x·w.</summary>
    private static double[] TransposeConv(Tensor x, Tensor w, double[]? bias, int s, int padTop, int padLeft, int oh, int ow)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], cin = x.Shape[3], cout = w.Shape[0], fh = w.Shape[1], fw = w.Shape[2];
        var y = new double[n * oh * ow * cout];
        for (int i = 0; i < y.Length; i++) y[i] = bias?[i % cout] ?? 0;
        for (int b = 0; b < n; b++)
            for (int iy = 0; iy < h; iy++)
                for (int ix = 0; ix < wd; ix++)
                    for (int ic = 0; ic < cin; ic++)
                        for (int ky = 0; ky < fh; ky++)
                            for (int kx = 0; kx < fw; kx++)
                            {
                                int oy = iy * s - padTop + ky, ox = ix * s - padLeft + kx;
                                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                                for (int oc = 0; oc < cout; oc++)
                                    y[((b * oh + oy) * ow + ox) * cout + oc] += QuantTestData.Real(x, ((b * h + iy) * wd + ix) * cin + ic)
                                        * QuantTestData.Real(w, ((oc * fh + ky) * fw + kx) * cin + ic);
                            }
        return y;
    }

    [Theory]
    [InlineData(DataType.Int8, 1, 4, 5, 3, 2, 3, 3, 2, "SAME")]
    [InlineData(DataType.Int8, 2, 3, 3, 2, 4, 2, 2, 2, "VALID")]
    [InlineData(DataType.Int16, 1, 1, 5, 8, 6, 3, 4, 2, "VALID")] // the seanet decoder's shape family
    [InlineData(DataType.Int16, 1, 3, 4, 3, 2, 3, 3, 1, "SAME")]
    public void MatchesFloatReference(DataType type, int n, int h, int w, int cin, int cout, int fh, int fw, int s, string padding)
    {
        var rng = new Random(h * 100 + w);
        // Output size as TensorFlow defines conv2d_transpose: SAME → in·s, VALID → (in − 1)·s + f.
        int oh = padding == "SAME" ? h * s : (h - 1) * s + fh, ow = padding == "SAME" ? w * s : (w - 1) * s + fw;
        // TFLite's padding is that of the forward convolution from the output back to the input.
        var (_, padTop) = FloatReference.Window(padding, oh, fh, s, 1);
        var (_, padLeft) = FloatReference.Window(padding, ow, fw, s, 1);
        float inScale = type == DataType.Int8 ? 0.05f : 5e-4f;
        var x = type == DataType.Int8
            ? QuantTestData.RandomInt8(rng, new Shape(n, h, w, cin), new QuantParams(inScale, 7))
            : QuantTestData.RandomInt16(rng, new Shape(n, h, w, cin), new QuantParams(inScale, 0));
        var weights = QuantTestData.Weights(rng, new Shape(cout, fh, fw, cin), 0, 0.02f);
        var bias = FloatReference.RandomBias(rng, cout, type == DataType.Int8 ? DataType.Int32 : DataType.Int64, 1000);
        var real = TransposeConv(x, weights, FloatReference.Bias(bias, inScale, weights.Quant!), s, padTop, padLeft, oh, ow);
        var outQ = FloatReference.FitOutput(real, type);
        var outputShape = Tensor.FromArray(new Shape(4), new[] { n, oh, ow, cout });
        var y = new QuantizedOpHarness("TRANSPOSE_CONV") { KeyInput = 2 }.Input(outputShape, true).Input(weights, true).Input(x).Input(bias, true)
            .Output(type, new Shape(n, oh, ow, cout), outQ).Attr("padding", padding).Attr("stride_h", s).Attr("stride_w", s).Run();
        var (min, max) = type.IntegerRange();
        QuantTestData.AssertWithin(y, real, min, max, type == DataType.Int8 ? Int8Budget : Int16Budget, $"{type} TRANSPOSE_CONV");
    }
}
