using System.Diagnostics;
using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>What <see cref="SessionBenchmark.Measure"/> found.</summary>
/// <param name="Latency">Wall time of the timed runs.</param>
/// <param name="ArenaBytes">The plan's arena (every intermediate value and the inputs).</param>
/// <param name="Steps">Steps of the plan.</param>
/// <param name="Profile">Per-step medians over the timed runs, when the session profiles.</param>
public sealed record SessionBenchmarkResult(LatencySummary Latency, long ArenaBytes, int Steps, ProfileSummary? Profile);

/// <summary>
/// Times a session: warm-up runs (JIT tiering, caches, page faults of the arena), then timed runs
/// through the allocation-free <see cref="InferenceSession.Run(IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>.
/// When the session was created with <see cref="SessionOptions.EnableProfiling"/>, every timed run
/// is also profiled (a timestamp per step: tens of nanoseconds each, well below a step's time).
/// </summary>
public static class SessionBenchmark
{
    /// <summary>Runs <paramref name="session"/> <paramref name="warmup"/> times untimed, then
    /// <paramref name="runs"/> times timed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> below 1 or a negative warm-up.</exception>
    /// <exception cref="InvalidInputException">Inputs that do not fit the model.</exception>
    public static SessionBenchmarkResult Measure(InferenceSession session, IReadOnlyList<Tensor> inputs, int warmup, int runs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var plan = session.PlanFor(inputs);
        var outputs = plan.Outputs.Select(t => Tensor.Zeros(t.Type, t.Shape, t.Quant)).ToArray();
        for (int i = 0; i < warmup; i++) session.Run(inputs, outputs);

        bool profile = session.Options.EnableProfiling;
        var times = new double[runs];
        var profiles = new List<IReadOnlyList<StepProfile>>(profile ? runs : 0);
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Run(inputs, outputs);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (profile && session.LastProfile is { } last) profiles.Add(last);
        }
        return new SessionBenchmarkResult(LatencySummary.Of(times), plan.ArenaBytes, plan.Steps.Count,
            profiles.Count > 0 ? ProfileSummary.FromRuns(plan, profiles) : null);
    }
}
