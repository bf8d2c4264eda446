using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// Measures the core clock rather than assuming it: a chain of dependent 64-bit integer adds runs
/// at one add per cycle on every x86 core of the last two decades (latency 1), whatever the
/// turbo state; adds per second is then cycles per second. The loop counter and branch run on
/// other ports in parallel with the chain. On a shared virtual machine the host may run the vCPU
/// at different clocks from one moment to the next (boost or base), so callers read the clock
/// right next to what they time (see <see cref="GemmEfficiency"/>).
/// </summary>
internal static class ClockMeter
{
    private const int AddsPerIteration = 32;

    /// <summary>Chain iterations that take about <paramref name="seconds"/>.</summary>
    public static long IterationsFor(double seconds)
    {
        Chain(1000, s_step);
        long iterations = 10_000;
        while (true)
        {
            long t = Stopwatch.GetTimestamp();
            Chain(iterations, s_step);
            double elapsed = Stopwatch.GetElapsedTime(t).TotalSeconds;
            if (elapsed > seconds / 2) return (long)(iterations * seconds / elapsed);
            iterations *= 2;
        }
    }

    /// <summary>One reading of the clock in Hz over <paramref name="iterations"/> (see <see cref="IterationsFor"/>).
    /// A reading the scheduler interrupts comes out too slow, never too fast.</summary>
    public static double TrialHz(long iterations)
    {
        long t = Stopwatch.GetTimestamp();
        Sink = Chain(iterations, s_step);
        return iterations * (double)AddsPerIteration / Stopwatch.GetElapsedTime(t).TotalSeconds;
    }

    // Unknown to the JIT, so the chain cannot be folded.
    private static readonly long s_step = Environment.TickCount64 | 1;

    /// <summary>Keeps the chain's result alive.</summary>
    public static long Sink { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chain(long iterations, long step)
    {
        long a = 0;
        for (long i = 0; i < iterations; i++)
        {
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
        }
        return a;
    }
}
