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
/// <param name="ClockGHz">Median of the clock readings taken next to this kernel's batches.</param>
internal sealed record GemmResult(string Kernel, string Tile, int K, double MacsPerCycle, double PeakMacsPerCycle, bool UsedByRuntime, double ClockGHz)
{
    public double Efficiency => MacsPerCycle / PeakMacsPerCycle;
}

/// <summary>
/// Times the GEMM microkernels on problems that stay in L1 (packed weights of one panel and a
/// few rows of activations, K = 128: 8–16 KiB of weights), calling one full tile repeatedly. Each
/// batch (~3 ms) sits between two clock readings (<see cref="ClockMeter"/>), the faster of which
/// converts its time to cycles; the result is the median over 41 batches, so neither an interrupted
/// batch nor an interrupted clock reading, nor the host changing the clock between them, decides it. The peaks: fp32 16 MAC/cycle (two 256-bit FMA
/// pipes × 8 lanes; Zen 4 runs a 512-bit FMA as two halves, so AVX-512 has the same peak), int8
/// 32 MAC/cycle (two 256-bit vpmaddwd per cycle × 16 products each).
/// </summary>
internal static unsafe class GemmEfficiency
{
    private const int K = 128;

    /// <summary>Measures every microkernel this CPU can run: three passes over the kernels, each
    /// kernel's best pass kept (a pass that shared its core with another process reads low).</summary>
    public static List<GemmResult> Measure()
    {
        var kernels = new List<Func<GemmResult>>();
        var best = Quanta.Runtime.CpuFeatures.Best;
        if (Avx2.IsSupported && Fma.IsSupported)
            kernels.Add(() => Float<Avx2Floats>("f32-gemm-minmax 6x16 (AVX2 FMA)", used: best == Quanta.Runtime.Isa.Avx2));
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            // The plain GEMM serves fully-connected layers with batch > 1; convolutions run the indirect tile.
            kernels.Add(() => Float<Avx512Floats>("f32-gemm-minmax 6x32 (AVX-512)", used: false));
            kernels.Add(() => FloatIndirect<Avx512Floats, F32Rows8>("f32-igemm-minmax 8x32 (AVX-512, convolutions)", used: best == Quanta.Runtime.Isa.Avx512));
        }
        bool int8Wide = QS8GemmMinmax8x16c2Avx512.IsSupported;
        if (QS8GemmMinmax4x16c2Avx2.IsSupported)
            kernels.Add(() => Int8<QS8GemmMinmax4x16c2Avx2>("qs8-gemm-minmax 4x16c2 (AVX2 vpmaddwd)", used: !int8Wide));
        if (int8Wide)
            kernels.Add(() => Int8<QS8GemmMinmax8x16c2Avx512>("qs8-gemm-minmax 8x16c2 (AVX-512BW vpmaddwd)", used: true));
        // Warm the clock chain up first: its first calls can run before the JIT's optimized code is in place.
        long chain = ClockMeter.IterationsFor(0.002);
        for (int i = 0; i < 100; i++) ClockMeter.TrialHz(chain);
        var passes = new List<GemmResult>[kernels.Count];
        for (int i = 0; i < kernels.Count; i++) passes[i] = [];
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < kernels.Count; i++) passes[i].Add(kernels[i]());
        }
        // A pass whose clock readings were low (descheduled, or code not yet optimized) would
        // overstate MAC/cycle: only passes within 10% of the fastest clock reading count.
        double clock = passes.SelectMany(p => p).Max(r => r.ClockGHz);
        return passes.Select(p => p.Where(r => r.ClockGHz >= 0.9 * clock).DefaultIfEmpty(p[0]).MaxBy(r => r.MacsPerCycle)!).ToList();
    }

    private static GemmResult Float<TVector>(string name, bool used) where TVector : struct, IFloatVector<TVector>
    {
        int mr = F32GemmMinmax<TVector>.MR, nr = F32GemmMinmax<TVector>.NR;
        var (packed, a, c) = FloatOperands(mr, nr);
        float* pa = a.Pointer, pw = packed.Pointer, pc = c.Pointer;
        var (macsPerCycle, clockHz) = MacsPerCycle(calls =>
        {
            for (long i = 0; i < calls; i++) F32GemmMinmax<TVector>.Run(mr, nr, K, pa, K, pw, pc, nr, float.NegativeInfinity, float.PositiveInfinity);
        }, (double)mr * nr * K);
        GC.KeepAlive(packed);
        GC.KeepAlive(a);
        GC.KeepAlive(c);
        return new GemmResult(name, $"{mr}x{nr}", K, macsPerCycle, 16, used, clockHz / 1e9);
    }

    private static GemmResult FloatIndirect<TVector, TRows>(string name, bool used)
        where TVector : struct, IFloatVector<TVector>
        where TRows : struct, IF32TileRows
    {
        int mr = TRows.Count, nr = 2 * TVector.Count;
        var (packed, a, c) = FloatOperands(mr, nr);
        // One piece of K floats per row, as a 1×1 convolution's indirection gives it.
        var rows = GC.AllocateArray<nint>(mr, pinned: true);
        for (int r = 0; r < mr; r++) rows[r] = (nint)(a.Pointer + r * K);
        float* pw = packed.Pointer, pc = c.Pointer;
        fixed (nint* pr = rows)
        {
            float** pa = (float**)pr;
            var (macsPerCycle, clockHz) = MacsPerCycle(calls =>
            {
                for (long i = 0; i < calls; i++) F32IgemmTile<TVector, TRows>.Run(nr, K, 1, pa, pw, pc, nr, float.NegativeInfinity, float.PositiveInfinity);
            }, (double)mr * nr * K);
            GC.KeepAlive(packed);
            GC.KeepAlive(a);
            GC.KeepAlive(c);
            return new GemmResult(name, $"{mr}x{nr}", K, macsPerCycle, 16, used, clockHz / 1e9);
        }
    }

    // One packed panel of nr columns, mr rows of activations (K each) and the mr × nr output.
    private static (AlignedFloats Packed, AlignedFloats A, AlignedFloats C) FloatOperands(int mr, int nr)
    {
        var rng = new Random(1);
        var weights = Enumerable.Range(0, nr * K).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var packed = F32GemmPacking.PackRows(weights, [], nr, K, nr);
        var a = new AlignedFloats(mr * K);
        foreach (ref float v in a.Span) v = (float)rng.NextDouble() - 0.5f;
        return (packed, a, new AlignedFloats(mr * nr));
    }

    private static GemmResult Int8<TGemm>(string name, bool used) where TGemm : IQS8GemmMicrokernel
    {
        int mr = TGemm.MR, nr = QS8GemmWeights.PanelColumns;
        var rng = new Random(2);
        var weights = new sbyte[nr * K];
        rng.NextBytes(MemoryMarshal.AsBytes(weights.AsSpan()));
        var packed = QS8GemmWeights.Fp32(nr, K, weights, [], 0, [], [0.001f]);
        var a = GC.AllocateArray<short>(mr * packed.PaddedK, pinned: true);
        for (int i = 0; i < a.Length; i++) a[i] = (short)rng.Next(-128, 128);
        var c = GC.AllocateArray<sbyte>(mr * nr, pinned: true);
        var output = new QS8OutputParams(0, -128, 127);
        short* w = packed.Panel(0);
        int* p = packed.PanelParams(0, TGemm.WideParams);
        int blockInts = packed.BlockInts(TGemm.WideParams), kPairs = packed.KPairs, paddedK = packed.PaddedK;
        fixed (short* pa = a)
        fixed (sbyte* pc = c)
        {
            short* aa = pa;
            sbyte* cc = pc;
            var (macsPerCycle, clockHz) = MacsPerCycle(calls =>
            {
                for (long i = 0; i < calls; i++)
                    TGemm.Run<QS8RequantizeFp32>(mr, nr, kPairs, aa, paddedK, w, p, blockInts, cc, nr, output);
            }, (double)mr * nr * K);
            GC.KeepAlive(packed);
            return new GemmResult(name, $"{mr}x{nr}", K, macsPerCycle, 32, used, clockHz / 1e9);
        }
    }

    /// <summary>Median MAC/cycle over batches of ~3 ms, each converted to cycles by the faster of
    /// the clock readings just before and just after it; and the median clock reading.</summary>
    private static (double MacsPerCycle, double ClockHz) MacsPerCycle(Action<long> run, double macsPerCall)
    {
        run(1000);
        long calls = 1000;
        while (true)
        {
            long t = Stopwatch.GetTimestamp();
            run(calls);
            if (Stopwatch.GetElapsedTime(t).TotalSeconds > 0.003) break;
            calls *= 2;
        }
        long chain = ClockMeter.IterationsFor(0.002);
        var rates = new double[41];
        var clocks = new double[rates.Length];
        double before = ClockMeter.TrialHz(chain);
        for (int trial = 0; trial < rates.Length; trial++)
        {
            long t = Stopwatch.GetTimestamp();
            run(calls);
            double seconds = Stopwatch.GetElapsedTime(t).TotalSeconds;
            double after = ClockMeter.TrialHz(chain);
            clocks[trial] = Math.Max(before, after);
            rates[trial] = calls * macsPerCall / (seconds * clocks[trial]);
            before = after;
        }
        Array.Sort(rates);
        Array.Sort(clocks);
        return (rates[rates.Length / 2], clocks[clocks.Length / 2]);
    }
}
