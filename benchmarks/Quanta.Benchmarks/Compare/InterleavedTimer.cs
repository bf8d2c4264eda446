using System.Diagnostics;
using Quanta.Runtime;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// Times several engines alternately in one process: warm-up rounds, then rounds in which every
/// engine runs once, the order rotating each round so that none always follows the same
/// neighbour (cache state, clock ramps). Machine noise then hits all engines alike.
/// </summary>
internal static class InterleavedTimer
{
    /// <summary>Milliseconds of each engine's timed runs, and the rounds run.</summary>
    /// <param name="engines">The engines.</param>
    /// <param name="warmup">Warm-up rounds.</param>
    /// <param name="runs">Timed rounds wanted.</param>
    /// <param name="budgetSeconds">Fewer rounds (at least <see cref="MinRuns"/>) when the warm-up
    /// shows that <paramref name="runs"/> would take longer.</param>
    /// <param name="onRoundStart">Called before the timed rounds (to drop warm-up profiles).</param>
    public static (Dictionary<string, LatencySummary> Latency, int Runs) Measure(IReadOnlyList<IEngine> engines, int warmup, int runs,
        double budgetSeconds, Action? onRoundStart = null)
    {
        var roundSeconds = 0.0;
        for (int w = 0; w < Math.Max(warmup, 1); w++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var e in engines) e.Run();
            roundSeconds = clock.Elapsed.TotalSeconds;
        }
        int rounds = roundSeconds * runs <= budgetSeconds ? runs : Math.Max(MinRuns, (int)(budgetSeconds / roundSeconds));
        onRoundStart?.Invoke();
        var times = engines.ToDictionary(e => e.Name, _ => new List<double>(rounds));
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < engines.Count; i++)
            {
                var e = engines[(i + r) % engines.Count];
                long start = Stopwatch.GetTimestamp();
                e.Run();
                times[e.Name].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return (times.ToDictionary(kv => kv.Key, kv => LatencySummary.Of(kv.Value)), rounds);
    }

    /// <summary>Fewest timed rounds whatever the budget.</summary>
    public const int MinRuns = 5;
}
