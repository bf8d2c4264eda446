using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Cli.Commands;

/// <summary>What <c>quanta bench --json</c> prints (and the text output shows).</summary>
internal sealed record BenchJson(string Model, string Isa, int Threads, int Runs, int Warmup, int Seed, BenchInputJson[] Inputs,
    double LoadMs, BenchLatencyJson LatencyMs, long ArenaBytes, int Steps, BenchProfileJson? Profile)
{
    /// <summary>The report of one benchmark.</summary>
    public static BenchJson Of(BenchRequest request, Isa isa, InferenceSession session, Tensor[] inputs, double loadMs, SessionBenchmarkResult result)
    {
        var l = result.Latency;
        return new BenchJson(request.ModelPath, BenchCommand.Name(isa), request.Threads, request.Runs, request.Warmup, request.Seed,
            session.Inputs.Select((info, i) => new BenchInputJson(info.Name, InspectCommand.TypeName(inputs[i].Type), inputs[i].Shape.ToArray())).ToArray(),
            Math.Round(loadMs, 3), new BenchLatencyJson(Round(l.Median), Round(l.P10), Round(l.P90), Round(l.Min), Round(l.Max), Round(l.Mean)),
            result.ArenaBytes, result.Steps, result.Profile is { } p ? BenchProfileJson.Of(p, request.Top) : null);
    }

    /// <summary>Milliseconds to the microsecond.</summary>
    public static double Round(double ms) => Math.Round(ms, 6);
}

/// <summary>An input as generated.</summary>
internal sealed record BenchInputJson(string Name, string Type, int[] Shape);

/// <summary>Latency order statistics in milliseconds.</summary>
internal sealed record BenchLatencyJson(double Median, double P10, double P90, double Min, double Max, double Mean);

/// <summary>The profile: per op type (most time first) and the slowest nodes.</summary>
internal sealed record BenchProfileJson(int Runs, double TotalMs, long TotalMacs, double GmacPerSecond, BenchOpTypeJson[] OpTypes, BenchNodeJson[] TopNodes)
{
    /// <summary>The JSON form of <paramref name="p"/> with its <paramref name="top"/> slowest nodes.</summary>
    public static BenchProfileJson Of(ProfileSummary p, int top) => new(p.Runs, BenchJson.Round(p.TotalMilliseconds), p.TotalMacs, Math.Round(p.GmacPerSecond, 3),
        p.OpTypes.Select(o => new BenchOpTypeJson(o.OpType, o.Kernels.ToArray(), o.Nodes, BenchJson.Round(o.Milliseconds), Math.Round(o.Share, 6), o.Macs, Math.Round(o.GmacPerSecond, 3))).ToArray(),
        p.TopNodes(top).Select(n => new BenchNodeJson(n.NodeName, n.OpType, n.KernelName, BenchJson.Round(n.Milliseconds), Math.Round(n.Share, 6), n.Macs, Math.Round(n.GmacPerSecond, 3))).ToArray());
}

/// <summary>One op type's total.</summary>
internal sealed record BenchOpTypeJson(string OpType, string[] Kernels, int Nodes, double Ms, double Share, long Macs, double GmacPerSecond);

/// <summary>One node.</summary>
internal sealed record BenchNodeJson(string Node, string OpType, string Kernel, double Ms, double Share, long Macs, double GmacPerSecond);
