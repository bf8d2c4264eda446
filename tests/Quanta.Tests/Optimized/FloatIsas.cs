using System.Runtime.Intrinsics.X86;
using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>A test body written once over the vector type, run for each vector ISA.</summary>
internal interface IFloatVectorTest
{
    void Run<TVector>() where TVector : struct, IFloatVector<TVector>;
}

/// <summary>
/// The vector types the optimized float kernels are compiled for, by name, so that theories can
/// list them. AVX-512 and AVX2 run only where the CPU (and <c>DOTNET_EnableAVX512</c> / <c>DOTNET_EnableAVX2</c>) allows; Vector128 runs
/// everywhere (in software when <c>DOTNET_EnableHWIntrinsic=0</c>), so the forced-ISA child
/// processes of <see cref="ForcedIsaTests"/> reach every path on one machine.
/// </summary>
internal static class FloatIsas
{
    public const string Avx512 = "avx512";
    public const string Avx2 = "avx2";
    public const string Vector128 = "vector128";

    public static void Run(string isa, IFloatVectorTest test)
    {
        switch (isa)
        {
            case Avx512:
                Skip.IfNot(Avx512F.IsSupported && Avx512F.VL.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
                    "AVX-512 is not available (or disabled)");
                test.Run<Avx512Floats>();
                break;
            case Avx2:
                Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported && Fma.IsSupported, "AVX2+FMA is not available (or disabled)");
                test.Run<Avx2Floats>();
                break;
            case Vector128:
                test.Run<Vector128Floats>();
                break;
            default:
                throw new ArgumentException($"unknown ISA {isa}", nameof(isa));
        }
    }

    /// <summary>Unit roundoff of float32: 2⁻²⁴.</summary>
    public const double Epsilon = 1.0 / (1 << 24);

    /// <summary>
    /// The tolerance of a float sum of <paramref name="terms"/> products (bias included) computed in
    /// two different orders (reference and optimized kernel): each is within γₙ·Σ|term| of the
    /// exact sum, γₙ = n·ε / (1 − n·ε) (Higham, Accuracy and Stability of Numerical Algorithms,
    /// §3.1; a fused multiply-add only removes roundings), so they differ by at most
    /// 2·γₙ·Σ|term|. <paramref name="magnitude"/> is Σ|term| for the output.
    /// </summary>
    public static double SumTolerance(int terms, double magnitude)
    {
        double nu = terms * Epsilon;
        return 2 * nu / (1 - nu) * magnitude;
    }

    public static float[] Random(Random rng, long count, float scale = 1f)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return values;
    }
}
