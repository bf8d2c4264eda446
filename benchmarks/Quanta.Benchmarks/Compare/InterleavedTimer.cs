using System.Diagnostics;
using Quanta.Runtime;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// Times several engines alternately in one process: warm-up runs, then rounds in which every
/// engine runs once, the order rotating each round so that none always follows the same
/// neighbour (cache state, clock ramps). Machine noise then hits all engines alike.
/// </summary>
internal static class InterleavedTimer
{
    /// <summary>Milliseconds of each engine's timed runs, and the rounds run.</summary>
    /// <param name="engines">The engines.</param>
    /// <param name="warmup">Warm-up runs per engine; an engine also keeps warming up until it has
    /// run for <see cref="MinWarmupSeconds"/> (so that the JIT's tiering has promoted its hot
    /// methods), and a slow one stops after one run once it has used a tenth of the budget.</param>
    /// <param name="runs">Timed rounds wanted.</param>
    /// <param name="budgetSeconds">Fewer rounds (at least <see cref="MinRuns"/>) when the warm-up
    /// shows that <paramref name="runs"/> would take longer.</param>
    /// <param name="onRoundStart">Called before the timed rounds (to drop warm-up profiles).</param>
    public static (Dictionary<string, LatencySummary> Latency, int Runs) Measure(IReadOnlyList<IEngine> engines, int warmup, int runs,
        double budgetSeconds, Action? onRoundStart = null)
    {
        var done = new int[engines.Count];
        var spent = new double[engines.Count];
        var last = new double[engines.Count];
        for (bool any = true; any;)
        {
            any = false;
            for (int i = 0; i < engines.Count; i++)
            {
                bool wanted = done[i] < Math.Max(warmup, 1) || spent[i] < MinWarmupSeconds;
                if (done[i] >= 1 && spent[i] > budgetSeconds / 10) wanted = false;
                if (!wanted || done[i] >= MaxWarmupRuns) continue;
                long start = Stopwatch.GetTimestamp();
                engines[i].Run();
                last[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                spent[i] += last[i];
                done[i]++;
                any = true;
            }
        }
        double roundSeconds = last.Sum();
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

    /// <summary>Least warm-up time per engine (JIT tier-up happens after ~30 calls and a 100 ms delay).</summary>
    public const double MinWarmupSeconds = 1.0;

    /// <summary>Most warm-up runs per engine.</summary>
    public const int MaxWarmupRuns = 200;

    /// <summary>Fewest timed rounds whatever the budget.</summary>
    public const int MinRuns = 5;
}
