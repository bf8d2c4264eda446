using System.Globalization;
using System.Text;

namespace Quanta.Benchmarks.Compare;

/// <summary>Renders a <see cref="CompareReport"/> as benchmarks/results/latency.md.</summary>
internal static class LatencyMarkdown
{
    private static readonly string[] s_columns = [Engines.QuantaFp32, Engines.OrtFp32, "PyTorch fp32", Engines.QuantaInt8, Engines.OrtInt8, "PyTorch int8"];

    public static string Render(CompareReport r)
    {
        var s = new StringBuilder();
        var m = r.Machine;
        s.AppendLine("# Single-thread latency: Quanta, ONNX Runtime and PyTorch side by side");
        s.AppendLine();
        s.AppendLine($"Generated {r.StartedUtc} by `benchmarks/Quanta.Benchmarks` in {r.Seconds / 60:0.0} min. Command:");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine(r.Command);
        s.AppendLine("```");
        s.AppendLine();
        if (r.Note is { Length: > 0 } note) s.AppendLine($"> {note}\n");
        if (m.Build != "Release") s.AppendLine("**Debug build: Quanta's kernels ran without JIT optimization; these numbers mean nothing. Use -c Release.**\n");
        s.AppendLine($"- Machine: {m.Cpu}, {m.LogicalCores} logical cores; core clock measured {F(m.MeasuredClockGHz, "0.000")} GHz " +
            $"(dependent 64-bit add chain, 1 add/cycle); Quanta ISA {m.Isa}.");
        s.AppendLine($"- {m.Os}; {m.Runtime}; ONNX Runtime {m.OrtVersion}" +
            (r.Models.FirstOrDefault(x => x.Torch is not null)?.Torch is { } t ? $"; PyTorch int8 engine {t.Engine}." : "."));
        s.AppendLine("- Quanta and ONNX Runtime read the same files: the float model from make-bench-models.py (random weights) and the int8 " +
            "model Quanta's quantizer made from it (QDQ S8S8, per-channel weights, min-max ranges from seeded N(0,1) samples). " +
            "ONNX Runtime: IntraOpNumThreads=1, InterOpNumThreads=1, ORT_ENABLE_ALL, sequential. Quanta: Threads=1.");
        s.AppendLine("- The four in-process engines run alternately (one run each per round, order rotating), after warm-up runs (at least `--warmup` and 1 s per engine); " +
            "numbers are medians (p10–p90 in brackets). PyTorch numbers come from torch-latency.py in a subprocess " +
            "(fp32: TorchScript optimize_for_inference; int8: FX static quantization), medians of its own runs.");
        s.AppendLine();

        Latency(s, r);
        Ratios(s, r);
        Gemm(s, r);
        Memory(s, r);
        Misses(s, r);
        Profiles(s, r);
        Errors(s, r);
        return s.ToString();
    }

    private static void Latency(StringBuilder s, CompareReport r)
    {
        s.AppendLine("## Latency (ms, median, one thread)");
        s.AppendLine();
        s.AppendLine("| Model | rounds | " + string.Join(" | ", s_columns) + " |");
        s.AppendLine("|---|---:|" + string.Concat(s_columns.Select(_ => "---:|")));
        foreach (var model in r.Models)
        {
            var cells = s_columns.Select(c => model.LatencyMs.TryGetValue(c, out var l)
                ? $"{F(l.Median, "0.00")} ({F(l.P10, "0.0")}–{F(l.P90, "0.0")})"
                : model.Median(c) is { } v ? F(v, "0.00") : "—");
            s.AppendLine($"| {model.Model} | {model.Runs} | " + string.Join(" | ", cells) + " |");
        }
        s.AppendLine();
    }

    private static void Ratios(StringBuilder s, CompareReport r)
    {
        s.AppendLine("## Ratios and targets");
        s.AppendLine();
        s.AppendLine("Targets: Quanta int8 ≤ 0.8× ORT int8 and ≤ 0.8× PyTorch int8; Quanta fp32 ≤ 1.0× ORT fp32. A ratio below 1 means Quanta is faster.");
        s.AppendLine();
        s.AppendLine("| Model | Quanta/ORT fp32 (≤ 1.0) | Quanta/ORT int8 (≤ 0.8) | Quanta/PyTorch int8 (≤ 0.8) | Quanta/PyTorch fp32 | int8 speedup Quanta | int8 speedup ORT | int8 speedup PyTorch |");
        s.AppendLine("|---|---|---|---|---:|---:|---:|---:|");
        foreach (var x in r.Models)
        {
            s.AppendLine($"| {x.Model} | {Target(Ratio(x, Engines.QuantaFp32, Engines.OrtFp32), 1.0)} | {Target(Ratio(x, Engines.QuantaInt8, Engines.OrtInt8), 0.8)} | " +
                $"{Target(Ratio(x, Engines.QuantaInt8, "PyTorch int8"), 0.8)} | {Plain(Ratio(x, Engines.QuantaFp32, "PyTorch fp32"))} | " +
                $"{Speedup(Ratio(x, Engines.QuantaFp32, Engines.QuantaInt8))} | {Speedup(Ratio(x, Engines.OrtFp32, Engines.OrtInt8))} | " +
                $"{Speedup(Ratio(x, "PyTorch fp32", "PyTorch int8"))} |");
        }
        s.AppendLine();
        s.AppendLine("int8 speedup = fp32 median / int8 median of the same engine.");
        s.AppendLine();
    }

    private static void Gemm(StringBuilder s, CompareReport r)
    {
        s.AppendLine("## GEMM microkernels against the core's peak");
        s.AppendLine();
        s.AppendLine($"One full register tile called repeatedly on packed weights and activations that stay in L1 (K = {r.Gemm.FirstOrDefault()?.K ?? 0}); " +
            "each ~3 ms batch sits between two clock readings, the faster of which turns its time into cycles; median over 41 batches, best of three passes. Peaks: fp32 16 MAC/cycle (two 256-bit FMA pipes; " +
            "Zen 4 executes a 512-bit FMA as two 256-bit halves, so the AVX-512 tile has the same peak), int8 32 MAC/cycle (two vpmaddwd per cycle, no VNNI used). " +
            "Targets: int8 ≥ 70%, fp32 ≥ 80% of peak.");
        s.AppendLine();
        s.AppendLine("| Microkernel | tile | used by the runtime here | clock GHz | MAC/cycle | peak | efficiency | target |");
        s.AppendLine("|---|---|---|---:|---:|---:|---:|---|");
        foreach (var g in r.Gemm)
        {
            double target = g.PeakMacsPerCycle >= 32 ? 0.7 : 0.8;
            s.AppendLine($"| {g.Kernel} | {g.Tile} | {(g.UsedByRuntime ? "yes" : "no")} | {F(g.ClockGHz, "0.000")} | {F(g.MacsPerCycle, "0.0")} | {F(g.PeakMacsPerCycle, "0")} | " +
                $"{F(g.Efficiency * 100, "0")}% | ≥ {F(target * 100, "0")}%: {(g.Efficiency >= target ? "met" : "**missed**")} |");
        }
        s.AppendLine();
    }

    private static void Memory(StringBuilder s, CompareReport r)
    {
        s.AppendLine("## Memory");
        s.AppendLine();
        s.AppendLine("Arena: Quanta's planned bytes for all intermediate values (and the inputs) of one run. Peak working set: the peak resident set " +
            "(VmHWM) of a child process that loads one model into one engine and runs it once; the .NET runtime's own share is the figure in brackets " +
            "(resident set before loading). PyTorch: the peak of torch-latency.py's process, which builds, quantizes and runs both fp32 and int8.");
        s.AppendLine();
        s.AppendLine("| Model | arena fp32 | arena int8 | int8/fp32 | Quanta fp32 | Quanta int8 | ORT fp32 | ORT int8 | PyTorch (fp32+int8) |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var x in r.Models)
        {
            string Peak(string engine) => x.Memory.FirstOrDefault(mm => mm.Engine == engine) is { } mm ? $"{Mib(mm.PeakBytes)} ({Mib(mm.BaselineBytes)})" : "—";
            string ratio = x.QuantaFp32ArenaBytes is > 0 && x.QuantaInt8ArenaBytes is { } i8 ? F(i8 / (double)x.QuantaFp32ArenaBytes.Value, "0.00") : "—";
            s.AppendLine($"| {x.Model} | {Mib(x.QuantaFp32ArenaBytes)} | {Mib(x.QuantaInt8ArenaBytes)} | {ratio} | {Peak(Engines.QuantaFp32)} | {Peak(Engines.QuantaInt8)} | " +
                $"{Peak(Engines.OrtFp32)} | {Peak(Engines.OrtInt8)} | {(x.Torch is { PeakBytes: > 0 } t ? Mib(t.PeakBytes) : "—")} |");
        }
        s.AppendLine();
        s.AppendLine("MiB = 2^20 bytes.");
        s.AppendLine();
    }

    private static void Profiles(StringBuilder s, CompareReport r)
    {
        s.AppendLine("## Where Quanta's time goes");
        s.AppendLine();
        s.AppendLine("Per-step medians over the timed rounds (`quanta bench MODEL --profile` shows the same for one model). " +
            "GMAC/s counts convolution, depthwise, fully-connected and matrix-product MACs from the shapes.");
        s.AppendLine();
        foreach (var x in r.Models)
        {
            foreach (var (label, p) in new[] { ("fp32", x.QuantaFp32Profile), ("int8", x.QuantaInt8Profile) })
            {
                if (p is null) continue;
                s.AppendLine($"### {x.Model}, Quanta {label}: {F(p.TotalMs, "0.00")} ms in {p.Steps} steps, {F(p.TotalGmacs, "0.000")} GMAC, {F(p.GmacPerSecond, "0.0")} GMAC/s");
                s.AppendLine();
                s.AppendLine("| op | nodes | kernels | ms | share | GMAC/s |");
                s.AppendLine("|---|---:|---|---:|---:|---:|");
                foreach (var o in p.OpTypes.Take(8))
                    s.AppendLine($"| {o.OpType} | {o.Nodes} | {o.Kernels} | {F(o.Ms, "0.000")} | {F(o.Share * 100, "0.0")}% | {Gmacs(o.GmacPerSecond)} |");
                s.AppendLine();
                s.AppendLine("Slowest nodes: " + string.Join("; ", p.TopNodes.Take(5).Select(n =>
                    $"`{n.Node}` {n.OpType} ({n.Kernel}) {F(n.Ms, "0.000")} ms, {F(n.Share * 100, "0.0")}%" + (n.GmacPerSecond > 0 ? $", {F(n.GmacPerSecond, "0.0")} GMAC/s" : ""))) + ".");
                s.AppendLine();
            }
        }
    }

    private static void Misses(StringBuilder s, CompareReport r)
    {
        var lines = new List<string>();
        foreach (var x in r.Models)
        {
            Check(x, Engines.QuantaFp32, Engines.OrtFp32, 1.0, x.QuantaFp32Profile, 16);
            Check(x, Engines.QuantaInt8, Engines.OrtInt8, 0.8, x.QuantaInt8Profile, 32);
            Check(x, Engines.QuantaInt8, "PyTorch int8", 0.8, x.QuantaInt8Profile, 32);
        }
        if (lines.Count == 0) return;
        s.AppendLine("## Missed targets: where the time goes");
        s.AppendLine();
        s.AppendLine($"Peak of one core at the measured clock: fp32 {F(r.Machine.MeasuredClockGHz * 16, "0.0")} GMAC/s, int8 {F(r.Machine.MeasuredClockGHz * 32, "0.0")} GMAC/s. " +
            "A kernel name ending in `-ref` is a scalar reference kernel: its op was not lowered onto an optimized kernel." +
            (r.Machine.VnniOutOfReach
                ? " The int8 peak is that of vpmaddwd, the widest int8 multiply-add .NET can issue on this CPU: the CPU has VNNI (vpdpbusd, twice the MACs per instruction, " +
                  "which ONNX Runtime's MLAS and PyTorch's oneDNN/FBGEMM use), but .NET exposes VNNI only as AvxVnni and Avx10v1, and the runtime reports neither here."
                : ""));
        s.AppendLine();
        foreach (string line in lines) s.AppendLine(line);
        s.AppendLine();

        void Check(ModelResult x, string quanta, string other, double limit, ProfileJson? profile, int peak)
        {
            if (Ratio(x, quanta, other) is not { } ratio || ratio <= limit || profile is null) return;
            var top = profile.OpTypes.Take(2).Select(o => $"{o.OpType} {F(o.Share * 100, "0")}% ({o.Kernels}" +
                (o.GmacPerSecond > 0 ? $", {F(o.GmacPerSecond, "0.0")} GMAC/s = {F(o.GmacPerSecond / (r.Machine.MeasuredClockGHz * peak) * 100, "0")}% of peak" : "") + ")");
            // What the target asks of the whole run, against the peak of the instructions Quanta can issue:
            // above 100% no kernel work can meet it (e.g. a peer using VNNI, which .NET cannot emit here).
            double peakGmacs = r.Machine.MeasuredClockGHz * peak;
            double peer = profile.TotalGmacs / (x.Median(other)!.Value / 1000);
            double needed = peer / limit;
            lines.Add($"- {x.Model}, {quanta} vs {other}: {F(ratio, "0.00")}× (target ≤ {F(limit, "0.0")}). Quanta's time: " + string.Join("; ", top) +
                $"; whole run {F(profile.GmacPerSecond, "0.0")} GMAC/s. {other} runs the model's {F(profile.TotalGmacs, "0.000")} GMAC at {F(peer, "0.0")} GMAC/s " +
                $"({F(peer / peakGmacs * 100, "0")}% of Quanta's peak); the target needs {F(needed, "0.0")} GMAC/s = {F(needed / peakGmacs * 100, "0")}% of that peak" +
                (needed > peakGmacs ? " — beyond it." : "."));
        }
    }

    private static void Errors(StringBuilder s, CompareReport r)
    {
        var errors = r.Models.SelectMany(x => x.Errors.Select(e => $"- {x.Model}: {e}")).ToList();
        if (errors.Count == 0) return;
        s.AppendLine("## Problems");
        s.AppendLine();
        foreach (string e in errors) s.AppendLine(e);
        s.AppendLine();
    }

    private static double? Ratio(ModelResult x, string numerator, string denominator) =>
        x.Median(numerator) is { } a && x.Median(denominator) is { } b && b > 0 ? a / b : null;

    private static string Target(double? ratio, double limit) => ratio is { } v ? $"{F(v, "0.00")} {(v <= limit ? "met" : "**missed**")}" : "—";

    private static string Plain(double? ratio) => ratio is { } v ? F(v, "0.00") : "—";

    private static string Speedup(double? ratio) => ratio is { } v ? F(v, v < 0.1 ? "0.000" : "0.00") + "×" : "—";

    private static string Gmacs(double v) => v > 0 ? F(v, "0.0") : "";

    private static string Mib(long? bytes) => bytes is { } b ? F(b / 1048576.0, "0.0") + " MiB" : "—";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
