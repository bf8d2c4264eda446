using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Arithmetic;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The vector requantization epilogues alone, on random and extreme int32 accumulators, against
/// the scalar arithmetic module (TFLite's MultiplyByQuantizedMultiplier) and an independent
/// statement of the fp32 output stage. Every lane of every path must agree bit for bit.
/// </summary>
public unsafe class QS8RequantizationTests
{

    /// <summary>Multipliers over the whole range TFLite produces, plus the edges: shifts −31 … 30,
    /// significands at 2^30 and 2^31 − 1, negative ones, INT32_MIN (the saturating case) and zero.</summary>
    private static QuantizedMultiplier[] Multipliers(Random rng, int count)
    {
        var list = new List<QuantizedMultiplier>
        {
            new(int.MinValue, 0), new(int.MinValue, -5), new(int.MinValue, 3), new(int.MaxValue, 30), new(int.MaxValue, -31),
            new(1 << 30, 0), new(1 << 30, -31), new(0, 0), new(-(1 << 30), -2), new(1 << 30, 1),
        };
        while (list.Count < count)
        {
            int shift = rng.Next(-31, 31);
            int m = rng.Next(1 << 30, int.MaxValue);
            list.Add(new(rng.Next(8) == 0 ? -m : m, shift));
        }
        return [.. list];
    }

    private static int ExpectedGemmlowp(int acc, QuantizedMultiplier m, int zeroPoint) =>
        unchecked(Requantize.MultiplyByQuantizedMultiplier(acc, m.Multiplier, m.Shift) + zeroPoint);

    private static int ExpectedFp32(int acc, float scale, QS8OutputParams o)
    {
        float v = (float)acc * scale;
        v = Math.Clamp(v, o.Min - o.ZeroPoint, o.Max - o.ZeroPoint);
        return (int)MathF.Round(v, MidpointRounding.ToEven) + o.ZeroPoint;
    }

    [Fact]
    public void GemmlowpEpilogueMatchesTheArithmeticModuleOnEveryPath()
    {
        var rng = new Random(7);
        var multipliers = Multipliers(rng, 400);
        for (int start = 0; start + 8 <= multipliers.Length; start += 8)
        {
            var slice = multipliers.AsSpan(start, 8);
            var p = QS8ChannelParams.Gemmlowp(new int[8], slice, QS8ChannelParams.IdentitySlots(8, 8));
            int zeroPoint = rng.Next(-128, 128);
            var o = new QS8OutputParams(zeroPoint, -128, 127);
            int* block = p.Block(0);
            for (int trial = 0; trial < 40; trial++)
            {
                var acc = QS8TestData.Accumulators(rng, 8);
                var expected = new int[8];
                for (int l = 0; l < 8; l++)
                {
                    expected[l] = ExpectedGemmlowp(acc[l], slice[l], zeroPoint);
                    Assert.Equal(expected[l], QS8RequantizeGemmlowp.Apply(acc[l], block, l, o));
                }
                var lo = Vector128.Create(acc[0], acc[1], acc[2], acc[3]);
                var hi = Vector128.Create(acc[4], acc[5], acc[6], acc[7]);
                AssertLanes(expected, 0, QS8RequantizeGemmlowp.ApplyPortable(lo, block, 0, o));
                AssertLanes(expected, 4, QS8RequantizeGemmlowp.ApplyPortable(hi, block, 4, o));
                AssertLanes(expected, 0, QS8RequantizeGemmlowp.Apply(lo, block, 0, o));
                AssertLanes(expected, 4, QS8RequantizeGemmlowp.Apply(hi, block, 4, o));
                if (Sse41.IsSupported)
                {
                    AssertLanes(expected, 0, QS8RequantizeGemmlowp.ApplySse41(lo, block, o));
                    AssertLanes(expected, 4, QS8RequantizeGemmlowp.ApplySse41(hi, block + 4, o));
                }
                if (Avx2.IsSupported)
                {
                    AssertLanes(expected, 0, QS8RequantizeGemmlowp.ApplyAvx2(lo, block, o));
                    AssertLanes(expected, 4, QS8RequantizeGemmlowp.ApplyAvx2(hi, block + 4, o));
                    var all = QS8RequantizeGemmlowp.Apply(Vector256.Create(acc), block, o);
                    AssertLanes(expected, 0, all.GetLower());
                    AssertLanes(expected, 4, all.GetUpper());
                }
            }
        }
    }

    /// <summary>The bounded form on accumulators with |acc·2^ls| &lt; 2^30, the edges included.</summary>
    [SkippableFact]
    public void BoundedGemmlowpEpilogueMatchesInsideItsRange()
    {
        Skip.IfNot(Avx2.IsSupported, "the bounded form is an AVX2 epilogue");
        var rng = new Random(9);
        var multipliers = Multipliers(rng, 400).Where(m => m.Shift < 30).ToArray();
        for (int start = 0; start + 8 <= multipliers.Length; start += 8)
        {
            var slice = multipliers.AsSpan(start, 8);
            var p = QS8ChannelParams.Gemmlowp(new int[8], slice, QS8ChannelParams.IdentitySlots(8, 8));
            int zeroPoint = rng.Next(-128, 128);
            var o = new QS8OutputParams(zeroPoint, -128, 127);
            for (int trial = 0; trial < 60; trial++)
            {
                var acc = new int[8];
                var expected = new int[8];
                for (int l = 0; l < 8; l++)
                {
                    int limit = (int)((QS8RequantizeGemmlowpBounded.Bound - 1) >> Math.Max(slice[l].Shift, 0));
                    acc[l] = (trial % 4) switch { 0 => limit, 1 => -limit, 2 => rng.Next(-300, 300), _ => rng.Next(-limit, limit + 1) };
                    expected[l] = ExpectedGemmlowp(acc[l], slice[l], zeroPoint);
                }
                var all = QS8RequantizeGemmlowpBounded.Apply(Vector256.Create(acc), p.Block(0), o);
                AssertLanes(expected, 0, all.GetLower());
                AssertLanes(expected, 4, all.GetUpper());
            }
        }
    }

    [Fact]
    public void SaturatingCaseIsTheOnlyOneThatNeedsTheFix()
    {
        // (−2^31)·(−2^31) with shift 0: gemmlowp saturates to INT32_MAX, then adds the zero point (wrapping).
        var p = QS8ChannelParams.Gemmlowp(new int[1], [new QuantizedMultiplier(int.MinValue, 0)], QS8ChannelParams.IdentitySlots(1, 8));
        var o = new QS8OutputParams(0, -128, 127);
        Assert.Equal(int.MaxValue, QS8RequantizeGemmlowp.Apply(int.MinValue, p.Block(0), 0, o));
        if (Avx2.IsSupported)
            Assert.Equal(int.MaxValue, QS8RequantizeGemmlowp.Apply(Vector256.Create(int.MinValue), p.Block(0), o).GetElement(0));
    }

    [Fact]
    public void Fp32EpilogueRoundsHalfToEvenAndClampsBeforeConverting()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            var scales = new float[8];
            for (int l = 0; l < 8; l++)
            {
                scales[l] = (trial % 4) switch
                {
                    0 => 0.5f,                                           // exact halves: ties must go to even
                    1 => MathF.ScaleB(1f, -rng.Next(0, 30)),
                    2 => (float)rng.NextDouble() * 4,
                    _ => (float)(rng.NextDouble() * 1e-3),
                };
            }
            var p = QS8ChannelParams.Fp32(new int[8], scales, QS8ChannelParams.IdentitySlots(8, 8));
            int zeroPoint = rng.Next(-128, 128);
            int min = rng.Next(-128, zeroPoint + 1), max = rng.Next(zeroPoint, 128);
            var o = new QS8OutputParams(zeroPoint, min, max);
            var acc = QS8TestData.Accumulators(rng, 8);
            if (trial % 4 == 0) for (int l = 0; l < 8; l++) acc[l] = rng.Next(-300, 300);
            var expected = new int[8];
            for (int l = 0; l < 8; l++)
            {
                expected[l] = ExpectedFp32(acc[l], scales[l], o);
                Assert.Equal(expected[l], QS8RequantizeFp32.Apply(acc[l], p.Block(0), l, o));
            }
            AssertLanes(expected, 0, QS8RequantizeFp32.Apply(Vector128.Create(acc[0], acc[1], acc[2], acc[3]), p.Block(0), 0, o));
            AssertLanes(expected, 4, QS8RequantizeFp32.Apply(Vector128.Create(acc[4], acc[5], acc[6], acc[7]), p.Block(0), 4, o));
            if (Avx2.IsSupported)
            {
                var all = QS8RequantizeFp32.Apply(Vector256.Create(acc), p.Block(0), o);
                AssertLanes(expected, 0, all.GetLower());
                AssertLanes(expected, 4, all.GetUpper());
            }
        }
    }

    private static void AssertLanes(int[] expected, int first, Vector128<int> actual)
    {
        for (int l = 0; l < 4; l++)
        {
            if (expected[first + l] != actual.GetElement(l))
                Assert.Fail($"lane {first + l}: expected {expected[first + l]}, got {actual.GetElement(l)}");
        }
    }
}
