namespace Quanta.Runtime;

/// <summary>One plan step in a profile: its median time over the profiled runs.</summary>
/// <param name="NodeName">The node.</param>
/// <param name="OpType">Its op type (after the session's graph rewrites, e.g. CONV_2D).</param>
/// <param name="KernelName">The kernel that ran it.</param>
/// <param name="Milliseconds">Median wall time of the step.</param>
/// <param name="Share">Its fraction of the sum of all steps' medians.</param>
/// <param name="Macs">Its multiply-accumulates (<see cref="StepMacs"/>); 0 for ops that are not reductions.</param>
public sealed record NodeProfile(string NodeName, string OpType, string KernelName, double Milliseconds, double Share, long Macs)
{
    /// <summary>Achieved billions of MACs per second, or 0 when the step has no MACs.</summary>
    public double GmacPerSecond => ProfileSummary.Gmacs(Macs, Milliseconds);
}

/// <summary>The steps of one op type together.</summary>
/// <param name="OpType">The op type.</param>
/// <param name="Kernels">The distinct kernels that ran its nodes, most time first.</param>
/// <param name="Nodes">How many steps.</param>
/// <param name="Milliseconds">Sum of their median times.</param>
/// <param name="Share">Fraction of the total.</param>
/// <param name="Macs">Sum of their MACs.</param>
public sealed record OpTypeProfile(string OpType, IReadOnlyList<string> Kernels, int Nodes, double Milliseconds, double Share, long Macs)
{
    /// <summary>Achieved billions of MACs per second, or 0 when the op type has no MACs.</summary>
    public double GmacPerSecond => ProfileSummary.Gmacs(Macs, Milliseconds);
}

/// <summary>
/// Per-step times of several profiled runs of one plan (<see cref="SessionOptions.EnableProfiling"/>),
/// reduced to each step's median and aggregated per op type, with achieved GMAC/s.
/// </summary>
public sealed class ProfileSummary
{
    private ProfileSummary(int runs, NodeProfile[] nodes)
    {
        Runs = runs;
        Nodes = nodes;
        TotalMilliseconds = nodes.Sum(n => n.Milliseconds);
        TotalMacs = nodes.Sum(n => n.Macs);
        OpTypes = nodes.GroupBy(n => n.OpType)
            .Select(g => new OpTypeProfile(g.Key,
                g.GroupBy(n => n.KernelName).OrderByDescending(k => k.Sum(n => n.Milliseconds)).Select(k => k.Key).ToArray(),
                g.Count(), g.Sum(n => n.Milliseconds), g.Sum(n => n.Share), g.Sum(n => n.Macs)))
            .OrderByDescending(o => o.Milliseconds).ToArray();
    }

    /// <summary>How many runs the medians are over.</summary>
    public int Runs { get; }

    /// <summary>Every step, in execution order.</summary>
    public IReadOnlyList<NodeProfile> Nodes { get; }

    /// <summary>Steps grouped by op type, most time first.</summary>
    public IReadOnlyList<OpTypeProfile> OpTypes { get; }

    /// <summary>Sum of the steps' median times (a little below the median run: medians of parts
    /// need not add up to the median of the whole, and the run's own overhead is not a step).</summary>
    public double TotalMilliseconds { get; }

    /// <summary>MACs of one run.</summary>
    public long TotalMacs { get; }

    /// <summary>Achieved GMAC/s over the whole run.</summary>
    public double GmacPerSecond => Gmacs(TotalMacs, TotalMilliseconds);

    /// <summary>The <paramref name="count"/> slowest steps, slowest first.</summary>
    public IReadOnlyList<NodeProfile> TopNodes(int count) => Nodes.OrderByDescending(n => n.Milliseconds).Take(Math.Max(count, 0)).ToArray();

    /// <summary>Summarizes profiled runs of <paramref name="plan"/> (each <see cref="InferenceSession.LastProfile"/>).</summary>
    /// <exception cref="ArgumentException">No runs, or a run whose steps are not the plan's.</exception>
    public static ProfileSummary FromRuns(ExecutionPlan plan, IReadOnlyList<IReadOnlyList<StepProfile>> runs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("no profiled runs", nameof(runs));
        int steps = plan.Steps.Count;
        if (runs.Any(r => r.Count != steps)) throw new ArgumentException($"every run must have the plan's {steps} steps", nameof(runs));
        var medians = new double[steps];
        var times = new double[runs.Count];
        for (int s = 0; s < steps; s++)
        {
            for (int r = 0; r < runs.Count; r++) times[r] = runs[r][s].Milliseconds;
            Array.Sort(times);
            medians[s] = LatencySummary.Percentile(times, 50);
        }
        double total = medians.Sum();
        var nodes = new NodeProfile[steps];
        for (int s = 0; s < steps; s++)
        {
            var step = plan.Steps[s];
            nodes[s] = new NodeProfile(step.Node.Name, step.Node.OpType, step.KernelName, medians[s],
                total > 0 ? medians[s] / total : 0, StepMacs.Of(step));
        }
        return new ProfileSummary(runs.Count, nodes);
    }

    internal static double Gmacs(long macs, double milliseconds) => macs > 0 && milliseconds > 0 ? macs / (milliseconds * 1e6) : 0;
}
