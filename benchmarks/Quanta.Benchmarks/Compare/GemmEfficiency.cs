using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Benchmarks.Compare;

/// <summary>One microkernel on a cache-resident problem.</summary>
/// <param name="Kernel">The microkernel.</param>
/// <param name="Tile">Rows × columns of one call.</param>
/// <param name="K">Reduction length.</param>
/// <param name="MacsPerCycle">Achieved multiply-accumulates per core cycle.</param>
/// <param name="PeakMacsPerCycle">The core's peak for this data type.</param>
/// <param name="UsedByRuntime">Whether the runtime picks this tile on this machine.</param>
internal sealed record GemmResult(string Kernel, string Tile, int K, double MacsPerCycle, double PeakMacsPerCycle, bool UsedByRuntime)
{
    public double Efficiency => MacsPerCycle / PeakMacsPerCycle;
}

/// <summary>
/// Times the GEMM microkernels on problems that stay in L1 (packed weights of one panel and a
/// few rows of activations, K = 128: 8–16 KiB of weights), calling one full tile repeatedly, and
/// divides MACs by cycles of the measured clock. The peaks: fp32 16 MAC/cycle (two 256-bit FMA
/// pipes × 8 lanes; Zen 4 runs a 512-bit FMA as two halves, so AVX-512 has the same peak), int8
/// 32 MAC/cycle (two 256-bit vpmaddwd per cycle × 16 products each).
/// </summary>
internal static unsafe class GemmEfficiency
{
    private const int K = 128;

    /// <summary>Measures every microkernel this CPU can run against <paramref name="clockHz"/>.</summary>
    public static List<GemmResult> Measure(double clockHz)
    {
        var results = new List<GemmResult>();
        var best = Quanta.Runtime.CpuFeatures.Best;
        if (Avx2.IsSupported && Fma.IsSupported)
            results.Add(Float<Avx2Floats>("f32-gemm-minmax 6x16 (AVX2 FMA)", clockHz, used: best == Quanta.Runtime.Isa.Avx2));
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
            results.Add(Float<Avx512Floats>("f32-gemm-minmax 6x32 (AVX-512)", clockHz, used: best == Quanta.Runtime.Isa.Avx512));
        if (QS8GemmMinmax4x16c2Avx2.IsSupported)
            results.Add(Int8(clockHz));
        return results;
    }

    private static GemmResult Float<TVector>(string name, double clockHz, bool used) where TVector : struct, IFloatVector<TVector>
    {
        int mr = F32GemmMinmax<TVector>.MR, nr = F32GemmMinmax<TVector>.NR;
        var rng = new Random(1);
        var weights = Enumerable.Range(0, nr * K).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var packed = F32GemmPacking.PackRows(weights, [], nr, K, nr);
        var a = new AlignedFloats(mr * K);
        foreach (ref float v in a.Span) v = (float)rng.NextDouble() - 0.5f;
        var c = new AlignedFloats(mr * nr);
        float* pa = a.Pointer, pw = packed.Pointer, pc = c.Pointer;
        double seconds = Time(calls =>
        {
            for (long i = 0; i < calls; i++) F32GemmMinmax<TVector>.Run(mr, nr, K, pa, K, pw, pc, nr, float.NegativeInfinity, float.PositiveInfinity);
        }, out long callsDone);
        GC.KeepAlive(packed);
        GC.KeepAlive(a);
        GC.KeepAlive(c);
        double macsPerCycle = callsDone * (double)mr * nr * K / (seconds * clockHz);
        return new GemmResult(name, $"{mr}x{nr}", K, macsPerCycle, 16, used);
    }

    private static GemmResult Int8(double clockHz)
    {
        int mr = QS8GemmMinmax4x16c2Avx2.MR, nr = QS8GemmWeights.PanelColumns;
        var rng = new Random(2);
        var weights = new sbyte[nr * K];
        rng.NextBytes(MemoryMarshal.AsBytes(weights.AsSpan()));
        var packed = QS8GemmWeights.Fp32(nr, K, weights, [], 0, [], [0.001f]);
        var a = GC.AllocateArray<short>(mr * packed.PaddedK, pinned: true);
        for (int i = 0; i < a.Length; i++) a[i] = (short)rng.Next(-128, 128);
        var c = GC.AllocateArray<sbyte>(mr * nr, pinned: true);
        var output = new QS8OutputParams(0, -128, 127);
        short* w = packed.Panel(0);
        int* p = packed.Params.Block(0);
        int blockInts = packed.Params.BlockInts, kPairs = packed.KPairs, paddedK = packed.PaddedK;
        fixed (short* pa = a)
        fixed (sbyte* pc = c)
        {
            short* aa = pa;
            sbyte* cc = pc;
            double seconds = Time(calls =>
            {
                for (long i = 0; i < calls; i++)
                    QS8GemmMinmax4x16c2Avx2.Run<QS8RequantizeFp32>(mr, nr, kPairs, aa, paddedK, w, p, blockInts, cc, nr, output);
            }, out long callsDone);
            GC.KeepAlive(packed);
            double macsPerCycle = callsDone * (double)mr * nr * K / (seconds * clockHz);
            return new GemmResult("qs8-gemm-minmax 4x16c2 (AVX2 vpmaddwd)", $"{mr}x{nr}", K, macsPerCycle, 32, UsedByRuntime: true);
        }
    }

    /// <summary>Best seconds per batch over many trials, batches sized to ~5 ms (short, so that
    /// some run without being preempted on a shared machine).</summary>
    private static double Time(Action<long> run, out long calls)
    {
        run(1000);
        calls = 1000;
        while (true)
        {
            long t = Stopwatch.GetTimestamp();
            run(calls);
            if (Stopwatch.GetElapsedTime(t).TotalSeconds > 0.005) break;
            calls *= 2;
        }
        double best = double.MaxValue;
        for (int trial = 0; trial < 40; trial++)
        {
            long t = Stopwatch.GetTimestamp();
            run(calls);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        return best;
    }
}
