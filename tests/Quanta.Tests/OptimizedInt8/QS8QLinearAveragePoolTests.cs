using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The channels-last QLinearAveragePool kernel (AVX2 int16 sums where the process has AVX2, the
/// 128-bit form otherwise, and the int32 form for windows of more than 255 taps) against
/// <see cref="QLinearPoolReference.Average{T}"/>: random windows, strides and padding, channel counts
/// hitting the 32-channel blocks and the scalar tail, padding counted or not, fused clamps.
/// </summary>
public class QS8QLinearAveragePoolTests
{
    [Fact]
    public void MatchesTheReferenceOnRandomWindows()
    {
        var rng = new Random(51);
        for (int trial = 0; trial < 120; trial++)
        {
            int kh = rng.Next(1, 5), kw = rng.Next(1, 5), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            int h = rng.Next(kh, 12), w = rng.Next(kw, 12);
            int ph = rng.Next(0, kh), pw = rng.Next(0, kw);
            Check(rng, trial, 1 + trial % 2, h, w, trial < 40 ? rng.Next(1, 80) : rng.Next(1, 140), kh, kw, sh, sw, ph, pw, trial % 3 == 0);
        }
        // Inception's shape (3×3, stride 1, padding 1, padding counted), and a window too large for int16 sums.
        Check(rng, 1000, 1, 9, 10, 96, 3, 3, 1, 1, 1, 1, includePadding: true);
        Check(rng, 1001, 1, 17, 17, 40, 17, 17, 1, 1, 0, 0, includePadding: false);
    }

    private static void Check(Random rng, int trial, int batch, int h, int w, int channels, int kh, int kw, int sh, int sw, int ph, int pw, bool includePadding)
    {
        var ah = new WindowAxis(h, (h + 2 * ph - kh) / sh + 1, kh, sh, 1, ph, ph);
        var aw = new WindowAxis(w, (w + 2 * pw - kw) / sw + 1, kw, sw, 1, pw, pw);
        var g = new PoolingGeometry(batch, channels, [AxisTaps.Unit, AxisTaps.Forward(ah), AxisTaps.Forward(aw)],
            ActivationStrides.ChannelsLast(h, w, channels), ActivationStrides.ChannelsLast(ah.OutputSize, aw.OutputSize, channels),
            includePadding ? PoolKind.AverageIncludingPadding : PoolKind.AverageExcludingPadding);
        var input = new AffineQuant((float)(rng.NextDouble() * 0.1 + 1e-3), rng.Next(-128, 128));
        var output = new AffineQuant((float)(rng.NextDouble() * 0.1 + 1e-3), rng.Next(-128, 128));
        int min = trial % 4 == 0 ? rng.Next(-128, 0) : -128, max = trial % 5 == 0 ? rng.Next(0, 128) : 127;
        var x = QS8TestData.Int8(rng, (long)batch * h * w * channels);
        var expected = new sbyte[batch * ah.OutputSize * aw.OutputSize * channels];
        var actual = new sbyte[expected.Length];
        QLinearPoolReference.Average<sbyte>(g, x, input, output, min, max, expected);
        new QS8QLinearAveragePoolNhwc(g, input, output, min, max).Run(x, actual);
        QS8TestData.AssertEqual(expected, actual,
            $"trial {trial}: {batch}×{h}×{w}×{channels}, window {kh}×{kw} stride {sh}×{sw} pad {ph}×{pw} includePadding={includePadding} clamp [{min}, {max}]");
    }
}
