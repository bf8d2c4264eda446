using Quanta.Core;
using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary><see cref="F32DepthwiseConvolution3x3{TVector}"/> against the reference depthwise
/// convolution: every channel count from 16 to 67 (whole vectors and the overlapping last vector
/// on every ISA), row widths that leave 0–3 pixels after the four-pixel steps, both horizontal
/// strides, vertical strides 1–3, and every padding from none to more than the window.</summary>
public class F32DepthwiseConvolution3x3Tests
{
    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void EveryChannelCount(string isa)
    {
        for (int c = 16; c <= 67; c++)
        {
            new F32WindowTester(F32WindowOp.Depthwise3x3).Input(5, 11).Channels(c).Kernel(3, 3).SamePadding().Seed(c).Test(isa);
            new F32WindowTester(F32WindowOp.Depthwise3x3).Input(7, 13).Channels(c).Kernel(3, 3).Stride(2, 2).Padding(1, 1, 1, 1).Seed(100 + c).Test(isa);
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void WidthsStridesAndPadding(string isa)
    {
        int seed = 0;
        foreach (int width in new[] { 1, 2, 3, 4, 5, 6, 7, 9, 12, 17 })
        {
            foreach (var (sh, sw) in new[] { (1, 1), (2, 2), (3, 1), (1, 2) })
            {
                foreach (var (left, right) in new[] { (0, 0), (1, 1), (0, 1), (2, 0), (3, 4) })
                {
                    if (width + left + right < 3) continue;
                    int channels = 16 + seed % 21;
                    new F32WindowTester(F32WindowOp.Depthwise3x3).Batch(seed % 2 + 1).Input(6, width).Channels(channels).Kernel(3, 3)
                        .Stride(sh, sw).Padding(seed % 3, (seed + 1) % 3, left, right).Seed(++seed).Test(isa);
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void FusedClampAndMobileNetShapes(string isa)
    {
        new F32WindowTester(F32WindowOp.Depthwise3x3).Input(14, 14).Channels(96).Kernel(3, 3).Padding(1, 1, 1, 1).Clamp(0f, 6f).Test(isa);
        new F32WindowTester(F32WindowOp.Depthwise3x3).Input(14, 14).Channels(144).Kernel(3, 3).Stride(2, 2).Padding(1, 1, 1, 1).Clamp(0f, 6f).Seed(3).Test(isa);
        new F32WindowTester(F32WindowOp.Depthwise3x3).Input(8, 8).Channels(64).Kernel(3, 3).Stride(2, 2).SamePadding().Clamp(-1f, 1f).Seed(4).Test(isa);
    }

    [Fact]
    public void CoversOnlyThreeByThreeWindowsOverAtLeastOneVector()
    {
        var three = ConvGeometry.Explicit(8, 3, 1, 1, 1, 1);
        Assert.True(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 4, 4, three, three)));
        Assert.False(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 3, 3, three, three)));
        Assert.False(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 8, 16, three, three)));
        var five = ConvGeometry.Explicit(8, 5, 1, 1, 2, 2);
        Assert.False(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 8, 8, five, five)));
        var dilated = ConvGeometry.Explicit(8, 3, 1, 2, 2, 2);
        Assert.False(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 8, 8, three, dilated)));
        var stride3 = ConvGeometry.Explicit(8, 3, 3, 1, 1, 1);
        Assert.False(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 8, 8, three, stride3)));
        Assert.True(F32DepthwiseConvolution3x3<Vector128Floats>.Supports(new Conv2DGeometry(1, 8, 8, stride3, three)));
    }
}
