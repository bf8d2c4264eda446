using System.Runtime.Intrinsics.X86;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>The vectorized int8 ADD/SUB against TFLite's reference arithmetic, every length 0–100
/// (all vector tails), random scales and zero points, fused clamps, on the 256- and 128-bit paths.</summary>
public unsafe class QS8VaddMinmaxTests
{
    public static TheoryData<bool, bool> Paths => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MatchesTheReferenceBitForBit(bool subtract, bool useAvx2)
    {
        Skip.If(useAvx2 && !Avx2.IsSupported, "AVX2 is not available in this process");
        var rng = new Random(subtract ? 3 : 4);
        for (int trial = 0; trial < 300; trial++)
        {
            int length = trial % 101;
            float s1 = (float)Math.Exp(rng.NextDouble() * 6 - 3), s2 = (float)Math.Exp(rng.NextDouble() * 6 - 3);
            float sy = (float)((s1 + s2) * Math.Exp(rng.NextDouble() * 3 - 1));
            int z1 = rng.Next(-128, 128), z2 = rng.Next(-128, 128), zy = rng.Next(-128, 128);
            int min = trial % 4 == 0 ? zy : -128, max = trial % 5 == 0 ? Math.Max(zy, 60) : 127;
            var p = AddSubParams.Create(s1, z1, s2, z2, sy, zy, false, min, max);
            var a = QS8TestData.Int8(rng, length);
            var b = QS8TestData.Int8(rng, length);
            var expected = new sbyte[length];
            if (subtract) SubInteger.General<sbyte>(a, [], b, [], p, expected);
            else AddInteger.General<sbyte>(a, [], b, [], p, expected);
            var actual = new sbyte[length];
            fixed (sbyte* pa = a)
            fixed (sbyte* pb = b)
            fixed (sbyte* py = actual)
            {
                new QS8VaddMinmax(p, subtract).Run(pa, pb, py, length, useAvx2);
            }
            QS8TestData.AssertEqual(expected, actual, $"{(subtract ? "SUB" : "ADD")} length {length} trial {trial} avx2={useAvx2}");
        }
    }
}
