using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The suite every int8 GEMM microkernel must pass, bit-exact against the reference: every row
/// count up to MR, every column count 1–16, K over primes and small values (odd K exercises the
/// pair padding), zero points at the extremes, per-tensor weights with a zero point, fused clamps,
/// extreme multipliers, and the fp32 output stage.
/// </summary>
public abstract class QS8GemmMicrokernelTests<TGemm> where TGemm : IQS8GemmMicrokernel
{
    private static readonly int[] s_k = [1, 2, 3, 5, 7, 8, 11, 16, 17, 31, 37, 64, 67, 101, 257];

    /// <summary>False when this CPU lacks the kernel's instruction set.</summary>
    protected abstract bool Supported { get; }

    private void RequireIsa() => Skip.IfNot(Supported, $"{typeof(TGemm).Name} needs an instruction set this process does not have");

    [SkippableFact]
    public void EveryRowAndColumnCountOverPrimeK()
    {
        RequireIsa();
        int seed = 0;
        foreach (int k in s_k)
        {
            for (int m = 1; m <= TGemm.MR; m++)
            {
                for (int n = 1; n <= 16; n++)
                    new QS8GemmMicrokernelTester().M(m).N(n).K(k).InputZeroPoint(seed % 7 - 3).OutputZeroPoint(5).Seed(++seed).Test<TGemm>();
            }
        }
    }

    [SkippableTheory]
    [InlineData(-128, -128)]
    [InlineData(127, 127)]
    [InlineData(-128, 127)]
    [InlineData(127, -128)]
    [InlineData(0, 0)]
    public void ExtremeZeroPoints(int inputZeroPoint, int outputZeroPoint)
    {
        RequireIsa();
        foreach (int k in s_k)
            new QS8GemmMicrokernelTester().M(TGemm.MR).N(16).K(k).InputZeroPoint(inputZeroPoint).OutputZeroPoint(outputZeroPoint).Seed(k).Test<TGemm>();
    }

    [SkippableFact]
    public void PerTensorWeightsWithZeroPoint()
    {
        RequireIsa();
        foreach (int zw in new[] { -128, -3, 0, 9, 127 })
        {
            foreach (int k in s_k)
                new QS8GemmMicrokernelTester().M(TGemm.MR).N(13).K(k).PerTensor(zw).InputZeroPoint(-zw / 2).Seed(k + zw).Test<TGemm>();
        }
    }

    [SkippableFact]
    public void FusedActivationClamps()
    {
        RequireIsa();
        foreach (var (min, max) in new[] { (-128, 127), (-20, 127), (-128, 30), (0, 0), (-5, 6) })
            new QS8GemmMicrokernelTester().M(TGemm.MR).N(16).K(37).OutputZeroPoint(-20).Clamp(min, max).Seed(min * 31 + max).Test<TGemm>();
    }

    [SkippableFact]
    public void ExtremeMultipliersAndBiases()
    {
        RequireIsa();
        for (int seed = 0; seed < 60; seed++)
            new QS8GemmMicrokernelTester().M(TGemm.MR).N(16 - seed % 3).K(s_k[seed % s_k.Length]).InputZeroPoint(seed * 37 % 256 - 128).ExtremeMultipliers().Seed(seed).Test<TGemm>();
    }

    [SkippableFact]
    public void Fp32OutputStage()
    {
        RequireIsa();
        int seed = 0;
        foreach (int k in s_k)
        {
            for (int n = 1; n <= 16; n += 5)
            {
                new QS8GemmMicrokernelTester().M(TGemm.MR).N(n).K(k).InputZeroPoint(-7).OutputZeroPoint(3).Fp32().Seed(++seed).Test<TGemm>();
                new QS8GemmMicrokernelTester().M(1).N(n).K(k).PerTensor(12).Clamp(-100, 90).Fp32().Seed(++seed).Test<TGemm>();
            }
        }
    }
}

public class QS8GemmMinmax8x16c2Avx512Tests : QS8GemmMicrokernelTests<QS8GemmMinmax8x16c2Avx512>
{
    protected override bool Supported => QS8GemmMinmax8x16c2Avx512.IsSupported;
}

public class QS8GemmMinmax4x16c2Avx2Tests : QS8GemmMicrokernelTests<QS8GemmMinmax4x16c2Avx2>
{
    protected override bool Supported => Avx2.IsSupported;
}

public class QS8GemmMinmax2x16c2Vector128Tests : QS8GemmMicrokernelTests<QS8GemmMinmax2x16c2Vector128>
{
    // Runs everywhere: SSE on x86, the portable forms otherwise (and with hardware intrinsics off).
    protected override bool Supported => true;
}
