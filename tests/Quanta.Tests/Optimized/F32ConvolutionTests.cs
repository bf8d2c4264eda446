using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary><see cref="Quanta.Kernels.F32Convolution{TVector}"/> against the reference convolution in
/// both modes (pointwise GEMM; indirect GEMM with pointers by kernel row inside the input and by tap
/// at its borders, <see cref="Quanta.Kernels.F32RowIndirection"/>) and every tail.</summary>
public class F32ConvolutionTests
{
    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void PointwiseOnEveryChannelCount(string isa)
    {
        // 1×1, stride 1, no padding: the input pixels are the GEMM rows. 7×5 pixels leave row tails.
        for (int c = 1; c <= 67; c++)
            new F32WindowTester(F32WindowOp.Convolution).Input(7, 5).Channels(c, 68 - c).Kernel(1, 1).Seed(c).Test(isa);
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void KxKOnEveryChannelCount(string isa)
    {
        // SAME padding, stride 1 and 2: tiles by kernel row in the middle, by tap at the borders.
        for (int c = 1; c <= 67; c++)
        {
            new F32WindowTester(F32WindowOp.Convolution).Input(6, 7).Channels(c, c % 19 + 1).Kernel(3, 3).SamePadding().Seed(c).Test(isa);
            new F32WindowTester(F32WindowOp.Convolution).Input(7, 6).Channels(c % 23 + 1, c).Kernel(3, 3).Stride(2, 2).SamePadding().Seed(100 + c).Test(isa);
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void WindowsStridesDilationsAndPadding(string isa)
    {
        int seed = 0;
        foreach (int channels in new[] { 3, 17 })
        {
            foreach (var (kh, kw) in new[] { (1, 1), (3, 3), (5, 5), (7, 1), (1, 7), (2, 3) })
            {
                foreach (var (sh, sw) in new[] { (1, 1), (2, 2), (1, 3) })
                {
                    foreach (var (dh, dw) in new[] { (1, 1), (2, 1), (1, 2) })
                    {
                        new F32WindowTester(F32WindowOp.Convolution).Batch(seed % 2 + 1).Input(15, 13).Channels(channels, 13).Kernel(kh, kw)
                            .Stride(sh, sw).Dilation(dh, dw).Padding(seed % 3, (seed + 1) % 2, (seed + 2) % 3, seed % 2).Seed(++seed).Test(isa);
                    }
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void EveryTileRowCount(string isa)
    {
        // Widest tiles of 1–8 rows (capped at the ISA's widest) over 5–41 pixels: every last-tile size, both modes.
        for (int rows = 1; rows <= 8; rows++)
        {
            foreach (int width in new[] { 5, 7, 8, 41 })
            {
                new F32WindowTester(F32WindowOp.Convolution).Input(1, width).Channels(rows + 2, 33).Kernel(1, 1).MaxRows(rows).Seed(rows * width).Test(isa);
                new F32WindowTester(F32WindowOp.Convolution).Input(1, width).Channels(rows + 2, 17).Kernel(1, 3).Padding(0, 0, 1, 1).MaxRows(rows).Seed(rows * width + 1).Test(isa);
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void FusedResidualAdd(string isa)
    {
        // ResNet's conv3 + ADD(RELU): pointwise and 3×3, whole, half and partial last panels, every tile size.
        int seed = 0;
        foreach (int outputs in new[] { 64, 40, 23, 8, 1 })
        {
            new F32WindowTester(F32WindowOp.Convolution).Input(7, 7).Channels(19, outputs).Kernel(1, 1).Clamp(0f, float.PositiveInfinity).WithResidual().Seed(++seed).Test(isa);
            new F32WindowTester(F32WindowOp.Convolution).Input(5, 6).Channels(5, outputs).Kernel(3, 3).SamePadding().WithResidual().MaxRows(seed % 8 + 1).Seed(++seed).Test(isa);
        }
    }

    [Fact]
    public void TilePlansCoverEveryRowOnce()
    {
        Assert.Equal([0, 7, 14, 21, 28, 35, 42, 49], F32TilePlan.Split(49, 8));
        Assert.Equal(Enumerable.Range(0, 393).Select(t => Math.Min(8 * t, 3136)).ToArray(), F32TilePlan.Split(3136, 8));
        Assert.Equal([0, 5, 10, 13], F32TilePlan.Split(13, 6));
        for (int m = 0; m <= 100; m++)
        {
            foreach (int max in new[] { 1, 6, 8 })
            {
                var start = F32TilePlan.Split(m, max);
                Assert.Equal(0, start[0]);
                Assert.Equal(m, start[^1]);
                for (int t = 0; t + 1 < start.Length; t++) Assert.InRange(start[t + 1] - start[t], 1, max);
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void StemsOverFewChannels(string isa)
    {
        // The RGB stems: ResNet's 7×7 stride 2 pad 3 and MobileNet's 3×3 stride 2 pad 1, on odd sizes.
        new F32WindowTester(F32WindowOp.Convolution).Input(23, 29).Channels(3, 64).Kernel(7, 7).Stride(2, 2).Padding(3, 3, 3, 3).Seed(1).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Input(21, 30).Channels(3, 32).Kernel(3, 3).Stride(2, 2).Padding(1, 1, 1, 1).Clamp(0f, 6f).Seed(2).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Batch(2).Input(17, 19).Channels(1, 13).Kernel(5, 5).Stride(1, 2).Padding(0, 2, 4, 0).Seed(3).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Input(9, 40).Channels(2, 37).Kernel(3, 3).Padding(0, 0, 0, 0).Seed(4).Test(isa);
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void FusedClampAndTinyImages(string isa)
    {
        new F32WindowTester(F32WindowOp.Convolution).Input(5, 5).Channels(16, 24).Kernel(3, 3).SamePadding().Clamp(0f, 6f).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Input(1, 1).Channels(5, 3).Kernel(1, 1).Clamp(0f, float.PositiveInfinity).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Input(1, 1).Channels(20, 7).Kernel(3, 3).Padding(1, 1, 1, 1).Test(isa);
        new F32WindowTester(F32WindowOp.Convolution).Batch(3).Input(2, 3).Channels(2, 40).Kernel(2, 2).Test(isa);
    }
}

/// <summary><see cref="Quanta.Kernels.F32DepthwiseConvolution{TVector}"/> against the reference on
/// every channel count 1–67 (whole, half and scalar channel blocks) and 3×3 / 5×5 windows.</summary>
public class F32DepthwiseConvolutionTests
{
    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void EveryChannelCount(string isa)
    {
        for (int c = 1; c <= 67; c++)
            new F32WindowTester(F32WindowOp.Depthwise).Input(5, 6).Channels(c).Kernel(3, 3).SamePadding().Seed(c).Test(isa);
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void ThreeAndFiveWithStridesDilationsAndPadding(string isa)
    {
        int seed = 0;
        foreach (int k in new[] { 3, 5 })
        {
            foreach (int s in new[] { 1, 2 })
            {
                foreach (int c in new[] { 8, 19, 32, 37 })
                {
                    new F32WindowTester(F32WindowOp.Depthwise).Batch(2).Input(13, 11).Channels(c).Kernel(k, k).Stride(s, s).SamePadding().Clamp(0f, 6f).Seed(++seed).Test(isa);
                    new F32WindowTester(F32WindowOp.Depthwise).Input(12, 9).Channels(c).Kernel(k, k).Stride(s, s).Dilation(2, 1).Padding(1, 2, 0, 3).Seed(++seed).Test(isa);
                }
            }
        }
    }
}

/// <summary><see cref="Quanta.Kernels.F32Pooling{TVector}"/> against the reference pooling.</summary>
public class F32PoolingTests
{
    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void MaxAndAverageOnEveryChannelCount(string isa)
    {
        for (int c = 1; c <= 67; c++)
        {
            new F32WindowTester(F32WindowOp.MaxPool).Input(7, 6).Channels(c).Kernel(3, 3).Stride(2, 2).SamePadding().Seed(c).Test(isa);
            new F32WindowTester(F32WindowOp.AveragePool).Input(6, 7).Channels(c).Kernel(3, 3).SamePadding().Seed(c).Test(isa);
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void WindowsStridesAndPadding(string isa)
    {
        int seed = 0;
        foreach (var op in new[] { F32WindowOp.MaxPool, F32WindowOp.AveragePool })
        {
            foreach (var (k, s) in new[] { (2, 2), (3, 1), (3, 2), (5, 3), (1, 1) })
            {
                new F32WindowTester(op).Batch(2).Input(11, 10).Channels(13).Kernel(k, k).Stride(s, s).Padding(k / 2, k / 2, 0, k - 1).Clamp(-0.5f, 0.5f).Seed(++seed).Test(isa);
                new F32WindowTester(op).Input(9, 13).Channels(24).Kernel(k, k + 1).Stride(s, s).SamePadding().Seed(++seed).Test(isa);
            }
        }
    }
}
