using System.Runtime.Intrinsics;
using Quanta.Kernels.Arithmetic;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The AVX-512 epilogues (16-lane parameter blocks): <c>Apply</c> on one zmm and <c>FourRows</c>
/// (requantize, saturate, clamp and pack four rows) for every output stage, on random and extreme
/// accumulators, against the scalar arithmetic module and an independent statement of the fp32 stage.
/// </summary>
public unsafe class QS8Requantization512Tests
{

    private static void RequireAvx512() =>
        Skip.IfNot(QS8GemmMinmax8x16c2Avx512.IsSupported, "the 16-lane epilogues need AVX-512BW");

    private static QuantizedMultiplier RandomMultiplier(Random rng, int i) => (i % 7) switch
    {
        0 => new(int.MinValue, rng.Next(-31, 4)),
        1 => new(int.MaxValue, rng.Next(-31, 31)),
        2 => new(0, 0),
        _ => new(rng.Next(1 << 30, int.MaxValue) * (rng.Next(8) == 0 ? -1 : 1), rng.Next(-31, 31)),
    };

    /// <summary>Runs FourRows and per-row Apply on 4 × 16 accumulators and compares with <paramref name="expected"/> (unclamped).</summary>
    private static void Check<TRequant>(int[] acc, int[] expected, int* block, QS8OutputParams o, bool checkApply, string what)
        where TRequant : IQS8Requantization
    {
        var rows = new Vector512<int>[4];
        for (int r = 0; r < 4; r++) rows[r] = Vector512.Create(acc.AsSpan(16 * r, 16));
        var packed = TRequant.FourRows(rows[0], rows[1], rows[2], rows[3], block, o);
        for (int r = 0; r < 4; r++)
        {
            var applied = TRequant.Apply(rows[r], block, o);
            for (int l = 0; l < 16; l++)
            {
                int i = 16 * r + l;
                if (checkApply && applied.GetElement(l) != expected[i])
                    Assert.Fail($"{what} Apply row {r} lane {l}: acc {acc[i]} expected {expected[i]}, got {applied.GetElement(l)}");
                int clamped = Math.Clamp(expected[i], o.Min, o.Max);
                if (packed.GetElement(i) != clamped)
                    Assert.Fail($"{what} FourRows row {r} lane {l}: acc {acc[i]} expected {clamped}, got {packed.GetElement(i)} (clamp [{o.Min}, {o.Max}], Zy {o.ZeroPoint})");
            }
        }
    }

    [SkippableFact]
    public void GemmlowpMatchesTheArithmeticModule()
    {
        RequireAvx512();
        var rng = new Random(21);
        for (int trial = 0; trial < 400; trial++)
        {
            var m = new QuantizedMultiplier[16];
            for (int l = 0; l < 16; l++) m[l] = RandomMultiplier(rng, trial * 16 + l);
            var p = QS8ChannelParams.Gemmlowp(new int[16], m, QS8ChannelParams.IdentitySlots(16, 16), lanes: 16);
            int zp = rng.Next(-128, 128), min = rng.Next(-128, 0), max = rng.Next(0, 128);
            var o = new QS8OutputParams(zp, min, max);
            var acc = QS8TestData.Accumulators(rng, 64);
            var expected = acc.Select((a, i) => unchecked(Requantize.MultiplyByQuantizedMultiplier(a, m[i % 16].Multiplier, m[i % 16].Shift) + zp)).ToArray();
            Check<QS8RequantizeGemmlowp>(acc, expected, p.Block(0), o, checkApply: true, "gemmlowp");
        }
    }

    [SkippableFact]
    public void BoundedGemmlowpMatchesInsideItsRange()
    {
        RequireAvx512();
        var rng = new Random(22);
        for (int trial = 0; trial < 400; trial++)
        {
            var m = new QuantizedMultiplier[16];
            for (int l = 0; l < 16; l++)
            {
                m[l] = RandomMultiplier(rng, trial * 16 + l);
                if (m[l].Shift >= 30) m[l] = new(m[l].Multiplier, 29);
            }
            var p = QS8ChannelParams.Gemmlowp(new int[16], m, QS8ChannelParams.IdentitySlots(16, 16), lanes: 16);
            var o = new QS8OutputParams(rng.Next(-128, 128), -128, 127);
            var acc = new int[64];
            for (int i = 0; i < 64; i++)
            {
                int limit = (int)((QS8RequantizeGemmlowpBounded.Bound - 1) >> Math.Max(m[i % 16].Shift, 0));
                acc[i] = (trial % 4) switch { 0 => limit, 1 => -limit, 2 => rng.Next(-300, 300), _ => rng.Next(-limit, limit + 1) };
            }
            var expected = acc.Select((a, i) => unchecked(Requantize.MultiplyByQuantizedMultiplier(a, m[i % 16].Multiplier, m[i % 16].Shift) + o.ZeroPoint)).ToArray();
            Check<QS8RequantizeGemmlowpBounded>(acc, expected, p.Block(0), o, checkApply: true, "bounded");
        }
    }

    /// <summary>The fused fp32 packing (float clamp at the top only, int16 zero-point add, byte clamp at the
    /// bottom) on scales from 2^−30 to 10^12, so values far outside int32 and exact halves both occur.</summary>
    [SkippableFact]
    public void Fp32FusedPackingMatchesTheOutputStage()
    {
        RequireAvx512();
        var rng = new Random(23);
        for (int trial = 0; trial < 2000; trial++)
        {
            var scales = new float[16];
            for (int l = 0; l < 16; l++)
            {
                scales[l] = ((trial + l) % 5) switch
                {
                    0 => 0.5f,
                    1 => MathF.ScaleB(1f, -rng.Next(0, 30)),
                    2 => (float)rng.NextDouble() * 4,
                    3 => (float)(rng.NextDouble() * 1e12),
                    _ => (float)(rng.NextDouble() * 1e-3),
                };
            }
            var p = QS8ChannelParams.Fp32(new int[16], scales, QS8ChannelParams.IdentitySlots(16, 16), lanes: 16);
            int zp = rng.Next(-128, 128);
            int min = rng.Next(-128, zp + 1), max = rng.Next(zp, 128);
            var o = new QS8OutputParams(zp, min, max);
            var acc = QS8TestData.Accumulators(rng, 64);
            if (trial % 4 == 0) for (int i = 0; i < 64; i++) acc[i] = rng.Next(-300, 300);
            var expected = new int[64];
            for (int i = 0; i < 64; i++)
            {
                float v = Math.Clamp((float)acc[i] * scales[i % 16], min - zp, max - zp);
                expected[i] = (int)MathF.Round(v, MidpointRounding.ToEven) + zp;
            }
            Check<QS8RequantizeFp32>(acc, expected, p.Block(0), o, checkApply: true, "fp32");
        }
    }
}
