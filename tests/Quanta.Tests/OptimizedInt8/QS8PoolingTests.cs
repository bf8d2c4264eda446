using Quanta.Kernels;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>Vectorized int8 max/average pooling and global mean against the reference kernels, on
/// random windows, strides, SAME/VALID padding, channel counts 1–67 and clamps, 256- and 128-bit paths.</summary>
public unsafe class QS8PoolingTests
{
    public static TheoryData<bool> Paths => new() { false, true };

    [Theory]
    [MemberData(nameof(Paths))]
    public void MaxAndAveragePoolingMatchTheReference(bool useAvx2)
    {
        var rng = new Random(useAvx2 ? 1 : 2);
        for (int trial = 0; trial < 150; trial++)
        {
            bool same = trial % 2 == 0;
            int h = rng.Next(1, 12), wd = rng.Next(1, 12), c = trial % 67 + 1, fh = rng.Next(1, 5), fw = rng.Next(1, 5), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            var (oh, pt) = QS8TestData.Window(same, h, fh, sh, 1);
            var (ow, pl) = QS8TestData.Window(same, wd, fw, sw, 1);
            if (oh <= 0 || ow <= 0) continue;
            var w = new ConvWindow(1 + trial % 2, h, wd, c, oh, ow, c, fh, fw, sh, sw, 1, 1, pt, pl);
            var x = QS8TestData.Int8(rng, w.InputSize);
            int min = trial % 3 == 0 ? -20 : -128, max = trial % 5 == 0 ? 40 : 127;
            foreach (bool average in new[] { false, true })
            {
                var expected = new sbyte[w.OutputSize];
                if (average) PoolingInteger.Average<sbyte>(w, x, min, max, expected);
                else PoolingInteger.Max<sbyte>(w, x, min, max, expected);
                var actual = new sbyte[w.OutputSize];
                fixed (sbyte* px = x)
                fixed (sbyte* py = actual)
                {
                    int rows = w.Batches * w.OutputHeight;
                    if (average) QS8Pooling.Average(w, px, py, min, max, 0, rows, useAvx2);
                    else QS8Pooling.Max(w, px, py, min, max, 0, rows, useAvx2);
                }
                QS8TestData.AssertEqual(expected, actual, $"{(average ? "average" : "max")} {w} avx2={useAvx2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void GlobalMeanMatchesTheReference(bool useAvx2)
    {
        var rng = new Random(useAvx2 ? 3 : 4);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = 1 + trial % 2, h = rng.Next(1, 9), wd = rng.Next(1, 9), c = trial % 67 + 1;
            int zx = rng.Next(-128, 128), zy = rng.Next(-128, 128);
            var m = MeanInteger.MeanMultiplier((float)(0.01 + rng.NextDouble()), (float)(0.01 + rng.NextDouble()), (long)h * wd);
            var x = QS8TestData.Int8(rng, (long)n * h * wd * c);
            var expected = new sbyte[n * c];
            MeanInteger.Mean<sbyte>(x, [n, h, wd, c], [false, true, true, false], zx, m, zy, new int[n * c], expected);
            var actual = new sbyte[n * c];
            fixed (sbyte* px = x)
            fixed (sbyte* py = actual)
            {
                QS8GlobalMean.Run(n, h * wd, c, px, zx, m, zy, new int[c], py, useAvx2);
            }
            QS8TestData.AssertEqual(expected, actual, $"mean of [{n},{h},{wd},{c}] avx2={useAvx2}");
        }
    }
}
