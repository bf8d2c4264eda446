using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>
/// Randomized ONNX Conv (2-D: groups, strides, dilations, asymmetric pads, bias) against an
/// independent im2col + matrix product written here: columns [C/g·KH·KW, OH·OW] per image and
/// group, times the group's weights [M/g, C/g·KH·KW].
/// </summary>
public class ConvIm2ColTests
{
    private static float[] Im2ColConv(float[] x, float[] w, float[] b, int n, int c, int h, int wd, int m, int g, int kh, int kw,
        int sh, int sw, int dh, int dw, int pt, int pl, int oh, int ow)
    {
        int cg = c / g, mg = m / g, rows = cg * kh * kw, cols = oh * ow;
        var y = new float[n * m * cols];
        var col = new float[rows * cols];
        for (int img = 0; img < n; img++)
        {
            for (int grp = 0; grp < g; grp++)
            {
                for (int r = 0; r < rows; r++)
                {
                    int ci = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                    for (int p = 0; p < cols; p++)
                    {
                        int iy = p / ow * sh - pt + ky * dh, ix = p % ow * sw - pl + kx * dw;
                        bool inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
                        col[r * cols + p] = inside ? x[((img * c + grp * cg + ci) * h + iy) * wd + ix] : 0f;
                    }
                }
                for (int mo = 0; mo < mg; mo++)
                {
                    int oc = grp * mg + mo;
                    for (int p = 0; p < cols; p++)
                    {
                        double sum = b[oc];
                        for (int r = 0; r < rows; r++) sum += w[oc * rows + r] * col[r * cols + p];
                        y[(img * m + oc) * cols + p] = (float)sum;
                    }
                }
            }
        }
        return y;
    }

    [Fact]
    public void RandomConvolutionsMatchIm2ColTimesWeights()
    {
        var rng = new Random(2024);
        for (int trial = 0; trial < 60; trial++)
        {
            int g = rng.Next(1, 4), n = rng.Next(1, 3);
            int c = g * rng.Next(1, 4), m = g * rng.Next(1, 4);
            int kh = rng.Next(1, 4), kw = rng.Next(1, 4), sh = rng.Next(1, 4), sw = rng.Next(1, 4), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
            int pt = rng.Next(0, 3), pl = rng.Next(0, 3), pb = rng.Next(0, 3), pr = rng.Next(0, 3);
            int h = (kh - 1) * dh + 1 + rng.Next(0, 7), wd = (kw - 1) * dw + 1 + rng.Next(0, 7);
            int oh = (h + pt + pb - (kh - 1) * dh - 1) / sh + 1, ow = (wd + pl + pr - (kw - 1) * dw - 1) / sw + 1;
            var x = Random(rng, n, c, h, wd);
            var w = Random(rng, m, c / g, kh, kw);
            var b = Random(rng, m);
            var y = new NodeCase("Conv").Input(x).Constant(w).Constant(b).Int("group", g).Ints("strides", sh, sw)
                .Ints("dilations", dh, dw).Ints("pads", pt, pl, pb, pr).Run()[0];
            Assert.Equal(new Quanta.Core.Shape(n, m, oh, ow), y.Shape);
            var expected = Im2ColConv(x.ToArray<float>(), w.ToArray<float>(), b.ToArray<float>(), n, c, h, wd, m, g, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow);
            // float accumulation of K = C/g·KH·KW terms in [−1, 1]: error ≤ K·2⁻²³·K, far below 1e-5·K
            int k = c / g * kh * kw;
            Close(expected, y.ToArray<float>(), rtol: 1e-5f, atol: 1e-6f * k);
        }
    }
}
