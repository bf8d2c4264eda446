using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The convolution-as-GEMM driver with each microkernel, bit-exact against the reference CONV_2D on
/// randomized shapes that reach every tail: channel counts 1–67, prime image sizes, strides 1–2,
/// SAME and VALID padding, dilation, groups, batches, per-tensor multipliers, extreme zero points
/// and multipliers, fused clamps, and the fp32 output stage.
/// </summary>
public abstract class QS8Conv2DGemmTests<TGemm> where TGemm : IQS8GemmMicrokernel
{
    protected abstract bool Supported { get; }

    private void RequireIsa() => Skip.IfNot(Supported, $"{typeof(TGemm).Name} needs an instruction set this process does not have");

    [SkippableFact]
    public void PointwiseOverChannelCounts1To67()
    {
        RequireIsa();
        for (int cin = 1; cin <= 67; cin += 3)
        {
            int cout = 68 - cin;
            new QS8Conv2DGemmTester().Input(7, 5).Channels(cin, cout).Kernel(1, 1).ZeroPoints(cin % 9 - 4, cout % 5).Seed(cin).Test<TGemm>();
        }
    }

    [SkippableFact]
    public void KByKWindowsStridesPaddingAndDilation()
    {
        RequireIsa();
        var rng = new Random(3);
        for (int trial = 0; trial < 120; trial++)
        {
            int kh = rng.Next(1, 6), kw = rng.Next(1, 6);
            int sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
            int h = rng.Next(1, 14), w = rng.Next(1, 14);
            var t = new QS8Conv2DGemmTester().Batches(1 + trial % 2).Input(h, w).Channels(rng.Next(1, 20), rng.Next(1, 40))
                .Kernel(kh, kw).Stride(sh, sw).Dilation(dh, dw).ZeroPoints(rng.Next(-128, 128), rng.Next(-128, 128)).Seed(trial);
            t = trial % 3 == 0 ? t.Valid() : t.Same();
            var window = t.Window();
            if (window.OutputHeight <= 0 || window.OutputWidth <= 0) continue;
            t.Test<TGemm>();
        }
    }

    [SkippableFact]
    public void GroupedConvolution()
    {
        RequireIsa();
        foreach (var (groups, cin, cout) in new[] { (2, 4, 6), (3, 9, 3), (4, 8, 36), (5, 5, 10) })
            new QS8Conv2DGemmTester().Input(6, 7).Channels(cin, cout).Groups(groups).Kernel(3, 3).Seed(groups).Test<TGemm>();
    }

    [SkippableFact]
    public void PerTensorExtremeMultipliersAndClamps()
    {
        RequireIsa();
        new QS8Conv2DGemmTester().Input(9, 9).Channels(17, 33).Kernel(3, 3).Stride(2, 2).PerTensor().Seed(5).Test<TGemm>();
        for (int seed = 0; seed < 8; seed++)
            new QS8Conv2DGemmTester().Input(5, 6).Channels(11, 19).Kernel(2, 3).ExtremeMultipliers().ZeroPoints(-128, 127).Seed(seed).Test<TGemm>();
        new QS8Conv2DGemmTester().Input(8, 8).Channels(16, 16).Kernel(3, 3).ZeroPoints(-128, -128).Clamp(-128, 0).Test<TGemm>();
        new QS8Conv2DGemmTester().Input(8, 8).Channels(16, 16).Kernel(3, 3).ZeroPoints(127, -5).Clamp(-5, 127).Test<TGemm>();
    }

    [SkippableFact]
    public void LargeImageSpansManyTiles()
    {
        RequireIsa();
        new QS8Conv2DGemmTester().Input(61, 53).Channels(24, 40).Kernel(1, 1).Seed(9).Test<TGemm>();
        new QS8Conv2DGemmTester().Input(37, 41).Channels(67, 23).Kernel(3, 3).Stride(2, 2).Seed(10).Test<TGemm>();
    }

    /// <summary>Stem shapes (3×3 on 3 channels: im2col runs of 9 bytes, one vector each) over many
    /// tiles, so the per-row output position stepping crosses rows, tiles and batches; and a 16-byte run.</summary>
    [SkippableFact]
    public void StemShapesAcrossTiles()
    {
        RequireIsa();
        new QS8Conv2DGemmTester().Input(47, 45).Channels(3, 32).Kernel(3, 3).Stride(2, 2).ZeroPoints(-7, 3).Seed(11).Test<TGemm>();
        new QS8Conv2DGemmTester().Batches(2).Input(41, 39).Channels(3, 24).Kernel(3, 3).ZeroPoints(5, -2).Seed(12).Test<TGemm>();
        new QS8Conv2DGemmTester().Input(29, 31).Channels(4, 17).Kernel(4, 4).Stride(1, 2).Seed(13).TestFp32<TGemm>();
    }

    [SkippableFact]
    public void Fp32OutputStage()
    {
        RequireIsa();
        new QS8Conv2DGemmTester().Input(7, 9).Channels(5, 21).Kernel(3, 3).Stride(2, 1).Seed(1).TestFp32<TGemm>();
        new QS8Conv2DGemmTester().Input(6, 6).Channels(32, 17).Kernel(1, 1).ZeroPoints(-128, 127).Seed(2).TestFp32<TGemm>();
        new QS8Conv2DGemmTester().Input(6, 6).Channels(6, 4).Groups(2).Kernel(2, 2).Valid().Seed(3).TestFp32<TGemm>();
    }
}

public class QS8Conv2DGemm8x16c2Avx512Tests : QS8Conv2DGemmTests<QS8GemmMinmax8x16c2Avx512>
{
    protected override bool Supported => QS8GemmMinmax8x16c2Avx512.IsSupported;
}

public class QS8Conv2DGemm4x16c2Avx2Tests : QS8Conv2DGemmTests<QS8GemmMinmax4x16c2Avx2>
{
    protected override bool Supported => Avx2.IsSupported;
}

public class QS8Conv2DGemm2x16c2Vector128Tests : QS8Conv2DGemmTests<QS8GemmMinmax2x16c2Vector128>
{
    protected override bool Supported => true;
}
