using System.CommandLine;
using System.Diagnostics;
using Quanta.Cli.Output;
using Quanta.Core;
using Quanta.Runtime;
using Spectre.Console;

namespace Quanta.Cli.Commands;

/// <summary><c>quanta bench MODEL [--threads N] [--profile] [--runs N] [--warmup N] [--isa ISA] [--json]</c>:
/// times a model on seeded random inputs and, with <c>--profile</c>, shows where the time goes.</summary>
internal static class BenchCommand
{
    /// <summary>The names <c>--isa</c> accepts, weakest first.</summary>
    public static readonly string[] IsaNames = ["reference", "vector128", "avx2", "avx512"];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (.onnx or .tflite)" };
        var threads = PositiveInt("--threads", "Intra-op threads", 1);
        var runs = PositiveInt("--runs", "Timed runs", 20);
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs first (JIT, caches, page faults)", DefaultValueFactory = _ => 3, HelpName = "N" };
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must be 0 or more"); });
        var isa = new Option<string>("--isa")
        {
            Description = $"Highest instruction set the kernels may use (default: the best this CPU has, {Name(CpuFeatures.Best)})",
            HelpName = string.Join('|', IsaNames),
        };
        isa.AcceptOnlyFromAmong(IsaNames);
        var profile = new Option<bool>("--profile") { Description = "Time every step: per-op-type table and the slowest nodes, with achieved GMAC/s" };
        var top = PositiveInt("--top", "Nodes in the profile's slowest-nodes table", 10);
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs", DefaultValueFactory = _ => 1234, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var command = new Command("bench", "Time a model on random inputs: median/p10/p90 latency, arena size and, with --profile, a per-op profile")
        {
            model, threads, runs, warmup, isa, profile, top, seed, json,
        };
        command.SetAction(parsed => Execute(env, new BenchRequest(parsed.GetRequiredValue(model), parsed.GetValue(threads), parsed.GetValue(runs),
            parsed.GetValue(warmup), ParseIsa(parsed.GetValue(isa)), parsed.GetValue(profile), parsed.GetValue(top), parsed.GetValue(seed)), parsed.GetValue(json)));
        return command;
    }

    /// <summary>The name <c>--isa</c> uses for <paramref name="isa"/>.</summary>
    public static string Name(Isa isa) => IsaNames[(int)isa];

    private static Isa? ParseIsa(string? name) => name is null ? null : (Isa)Array.IndexOf(IsaNames, name);

    private static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be 1 or more"); });
        return option;
    }

    private static int Execute(CliEnvironment env, BenchRequest request, bool json)
    {
        var isa = request.Isa ?? CpuFeatures.Best;
        if (isa > CpuFeatures.Best)
            throw new UnsupportedException($"--isa {Name(isa)}: this CPU (or the DOTNET_Enable* settings) allows up to {Name(CpuFeatures.Best)}");
        var options = new SessionOptions { Threads = request.Threads, MaxIsa = isa, EnableProfiling = request.Profile };
        var clock = Stopwatch.StartNew();
        using var session = new InferenceSession(request.ModelPath, options);
        double loadMs = clock.Elapsed.TotalMilliseconds;
        var inputs = RandomInputs.For(session.Inputs, request.Seed);
        var result = SessionBenchmark.Measure(session, inputs, request.Warmup, request.Runs);
        var report = BenchJson.Of(request, isa, session, inputs, loadMs, result);
        if (json) Json.Write(env.Output, report);
        else Print(env, report);
        return Program.ExitOk;
    }

    private static void Print(CliEnvironment env, BenchJson r)
    {
        var o = env.Output;
        string inputs = string.Join(", ", r.Inputs.Select(i => $"'{i.Name}' {i.Type}[{string.Join(',', i.Shape)}]"));
        o.WriteLine($"model    {r.Model} ({Tables.Count(r.Steps)} steps)");
        o.WriteLine($"inputs   {inputs}, random (seed {r.Seed})");
        o.WriteLine($"session  isa {r.Isa}, {r.Threads} thread{(r.Threads == 1 ? "" : "s")}, created in {Tables.Number(r.LoadMs, "0.0")} ms");
        var l = r.LatencyMs;
        o.WriteLine($"latency  median {Ms(l.Median)}, p10 {Ms(l.P10)}, p90 {Ms(l.P90)}, min {Ms(l.Min)} ({r.Runs} runs after {r.Warmup} warm-up)");
        o.WriteLine($"arena    {Tables.Bytes(r.ArenaBytes)}");
        if (r.Profile is not { } p) return;
        o.WriteLine($"profile  {Tables.Number(p.TotalMacs / 1e6, "#,0.0")} MMAC per run, {Tables.Number(p.GmacPerSecond, "0.00")} GMAC/s over the steps' median times ({Ms(p.TotalMs)})");

        var ops = Tables.Create("op", "nodes", "kernels", "time ms", "share", "GMAC/s");
        ops.Title = new TableTitle("Time per op type");
        foreach (var op in p.OpTypes)
            ops.AddTextRow(op.OpType, Tables.Count(op.Nodes), string.Join(", ", op.Kernels), Time(op.Ms), Share(op.Share), Gmacs(op.GmacPerSecond));
        env.Console.Write(ops);

        var nodes = Tables.Create("node", "op", "kernel", "time ms", "share", "MMAC", "GMAC/s");
        nodes.Title = new TableTitle($"Slowest {p.TopNodes.Length} nodes");
        foreach (var n in p.TopNodes)
            nodes.AddTextRow(n.Node, n.OpType, n.Kernel, Time(n.Ms), Share(n.Share), n.Macs > 0 ? Tables.Number(n.Macs / 1e6, "#,0.00") : "", Gmacs(n.GmacPerSecond));
        env.Console.Write(nodes);
    }

    private static string Ms(double ms) => Time(ms) + " ms";

    // Four significant-ish decimals for sub-millisecond steps of small models.
    private static string Time(double ms) => Tables.Number(ms, ms < 1 ? "0.0000" : "0.000");

    private static string Share(double share) => Tables.Number(share * 100, "0.0") + "%";

    private static string Gmacs(double gmacs) => gmacs > 0 ? Tables.Number(gmacs, "0.00") : "";
}

/// <summary>The parsed command line of <c>quanta bench</c>.</summary>
internal sealed record BenchRequest(string ModelPath, int Threads, int Runs, int Warmup, Isa? Isa, bool Profile, int Top, int Seed);
