using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Runtime;

/// <summary>Instruction sets a kernel can be written for, in increasing order of preference.</summary>
public enum Isa
{
    /// <summary>Scalar reference code: the executable specification, runs everywhere.</summary>
    Reference = 0,
    /// <summary>128-bit vectors through <see cref="Vector128"/> (SSE on x86, NEON on Arm).</summary>
    Vector128 = 1,
    /// <summary>AVX2 + FMA on x86-64.</summary>
    Avx2 = 2,
    /// <summary>AVX-512 (F and VL) with 512-bit vectors the runtime considers fast
    /// (<see cref="Vector512.IsHardwareAccelerated"/>), on top of AVX2 + FMA. Ops without a
    /// 512-bit kernel run their AVX2 one.</summary>
    Avx512 = 3,
}

/// <summary>What this CPU (as the JIT reports it) can run.</summary>
public static class CpuFeatures
{
    /// <summary>The best instruction set available. Honours <c>DOTNET_EnableAVX512=0</c>,
    /// <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>, which tests use to reach
    /// every path on one machine.</summary>
    public static Isa Best { get; } =
        Avx2.IsSupported && Fma.IsSupported && Avx512F.IsSupported && Avx512F.VL.IsSupported && Vector512.IsHardwareAccelerated ? Isa.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? Isa.Avx2
        : Vector128.IsHardwareAccelerated ? Isa.Vector128
        : Isa.Reference;
}
