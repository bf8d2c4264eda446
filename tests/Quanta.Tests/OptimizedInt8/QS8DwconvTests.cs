using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The depthwise microkernels through their driver, bit-exact against the reference
/// DEPTHWISE_CONV_2D: channel counts 1–67 (every 16-channel tail), 3×3 and 5×5 windows with stride
/// 1 and 2, other and even windows, SAME/VALID, dilation, depth multipliers, batches, per-tensor
/// multipliers, extreme zero points and multipliers, fused clamps, and the fp32 output stage.
/// </summary>
public abstract class QS8DwconvTests<TDw> where TDw : IQS8DwconvMicrokernel
{
    protected abstract bool Supported { get; }

    private void RequireIsa() => Skip.IfNot(Supported, $"{typeof(TDw).Name} needs an instruction set this process does not have");

    [SkippableFact]
    public void ThreeByThreeAndFiveByFiveStrideOneAndTwoOverChannels1To67()
    {
        RequireIsa();
        for (int c = 1; c <= 67; c++)
        {
            int k = c % 2 == 0 ? 3 : 5, s = 1 + c % 3 % 2;
            new QS8DepthwiseConv2DTester().Input(7 + c % 5, 6 + c % 4).Channels(c).Kernel(k, k).Stride(s, s)
                .ZeroPoints(c * 11 % 256 - 128, c * 7 % 256 - 128).Seed(c).Test<TDw>();
        }
    }

    [SkippableFact]
    public void RandomWindowsPaddingAndDilation()
    {
        RequireIsa();
        var rng = new Random(5);
        for (int trial = 0; trial < 80; trial++)
        {
            var t = new QS8DepthwiseConv2DTester().Batches(1 + trial % 2).Input(rng.Next(1, 12), rng.Next(1, 12)).Channels(rng.Next(1, 40))
                .Kernel(rng.Next(1, 6), rng.Next(1, 6)).Stride(rng.Next(1, 3), rng.Next(1, 3)).Dilation(rng.Next(1, 3), rng.Next(1, 3))
                .ZeroPoints(rng.Next(-128, 128), rng.Next(-128, 128)).Seed(trial);
            (trial % 3 == 0 ? t.Valid() : t.Same()).Test<TDw>();
        }
    }

    [SkippableFact]
    public void DepthMultipliers()
    {
        RequireIsa();
        foreach (var (c, m) in new[] { (1, 8), (3, 2), (5, 3), (8, 4), (17, 2), (1, 1) })
            new QS8DepthwiseConv2DTester().Input(6, 5).Channels(c).DepthMultiplier(m).Kernel(3, 3).Stride(2, 1).Seed(c * m).Test<TDw>();
    }

    [SkippableFact]
    public void PerTensorExtremesAndClamps()
    {
        RequireIsa();
        new QS8DepthwiseConv2DTester().Input(9, 9).Channels(33).PerTensor().Seed(2).Test<TDw>();
        for (int seed = 0; seed < 10; seed++)
            new QS8DepthwiseConv2DTester().Input(5, 6).Channels(19 + seed).ExtremeMultipliers().ZeroPoints(-128, 127).Seed(seed).Test<TDw>();
        new QS8DepthwiseConv2DTester().Input(8, 8).Channels(32).ZeroPoints(127, -128).Clamp(-128, 0).Seed(3).Test<TDw>();
        new QS8DepthwiseConv2DTester().Input(8, 8).Channels(48).ZeroPoints(-128, -9).Clamp(-9, 100).Seed(4).Test<TDw>();
    }

    [SkippableFact]
    public void Fp32OutputStage()
    {
        RequireIsa();
        new QS8DepthwiseConv2DTester().Input(7, 8).Channels(21).Stride(2, 2).Fp32().Seed(1).Test<TDw>();
        new QS8DepthwiseConv2DTester().Input(6, 6).Channels(5).DepthMultiplier(3).Kernel(5, 5).Fp32().PerTensor().Seed(2).Test<TDw>();
    }
}

public class QS8DwconvMinmax32cAvx2Tests : QS8DwconvTests<QS8DwconvMinmax32cAvx2>
{
    protected override bool Supported => Avx2.IsSupported;
}

public class QS8DwconvMinmax16cVector128Tests : QS8DwconvTests<QS8DwconvMinmax16cVector128>
{
    protected override bool Supported => true;
}
