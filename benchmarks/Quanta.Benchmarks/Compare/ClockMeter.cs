using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// Measures the core clock rather than assuming it: a chain of dependent 64-bit integer adds runs
/// at one add per cycle on every x86 core of the last two decades (latency 1), whatever the
/// turbo state; adds per second is then cycles per second. The loop counter and branch run on
/// other ports in parallel with the chain.
/// </summary>
internal static class ClockMeter
{
    private const int AddsPerIteration = 32;

    /// <summary>The clock in Hz: the best of many short trials. A trial the scheduler interrupts
    /// (another process on a shared core) only reads slower, and short trials are likely to run
    /// whole time slices uninterrupted.</summary>
    public static double MeasureHz(int trials = 40, double secondsPerTrial = 0.01)
    {
        long step = Environment.TickCount64 | 1; // unknown to the JIT, so the chain cannot be folded
        Chain(1000, step);
        long iterations = 1_000_000;
        // Size a trial to about secondsPerTrial.
        while (true)
        {
            long t = Stopwatch.GetTimestamp();
            Chain(iterations, step);
            if (Stopwatch.GetElapsedTime(t).TotalSeconds > secondsPerTrial / 4) break;
            iterations *= 2;
        }
        double best = 0;
        for (int i = 0; i < trials; i++)
        {
            long t = Stopwatch.GetTimestamp();
            Sink = Chain(iterations, step);
            double seconds = Stopwatch.GetElapsedTime(t).TotalSeconds;
            best = Math.Max(best, iterations * (double)AddsPerIteration / seconds);
        }
        return best;
    }

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
