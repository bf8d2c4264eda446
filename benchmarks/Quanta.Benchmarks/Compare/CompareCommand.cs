using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: for each benchmark model, makes the int8 model with Quanta's quantizer, measures
/// each engine's peak working set in child processes, times Quanta fp32/int8 and ONNX Runtime
/// fp32/int8 alternately in this process (profiling Quanta's steps on the way), runs PyTorch's
/// torch-latency.py, and measures the GEMM microkernels' MAC/cycle against the measured clock.
/// Writes latency.json and latency.md into the output folder after every model.
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] s_engines = [Engines.QuantaFp32, Engines.QuantaInt8, Engines.OrtFp32, Engines.OrtInt8];

    public static int Run(string[] args)
    {
        CompareOptions options;
        try
        {
            options = CompareOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutDir);
        if (MachineInfo.Collect(0).Build != "Release") Log("warning: a Debug build; timings are meaningless (use -c Release)");
        var (clockHz, gemm) = MeasureGemm();
        if (options.GemmOnly) return RefreshGemm(options, clockHz, gemm);
        var report = new CompareReport(options.Command, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            MachineInfo.Collect(clockHz), gemm, [])
        { Note = options.Note };

        foreach (string stem in options.Models)
        {
            var result = MeasureModel(options, stem);
            report.Models.Add(result);
            report.Seconds = Math.Round(total.Elapsed.TotalSeconds, 1);
            Write(options.OutDir, report);
        }
        Log($"done in {total.Elapsed.TotalMinutes:0.0} min: {Path.Combine(options.OutDir, "latency.md")}");
        return 0;
    }

    private static (double ClockHz, List<GemmResult> Gemm) MeasureGemm()
    {
        Log("measuring the core clock and the GEMM microkernels");
        var gemm = GemmEfficiency.Measure();
        double clockHz = gemm.Count > 0 ? gemm.Select(g => g.ClockGHz).Order().ElementAt(gemm.Count / 2) * 1e9 : ClockMeter.TrialHz(ClockMeter.IterationsFor(0.01));
        Log($"clock {clockHz / 1e9:0.000} GHz; " + string.Join("; ", gemm.Select(g => $"{g.Kernel} {g.MacsPerCycle:0.0} MAC/cycle at {g.ClockGHz:0.000} GHz")));
        return (clockHz, gemm);
    }

    /// <summary><c>--gemm-only</c>: re-measures the clock and the microkernels into an existing latency.json.</summary>
    private static int RefreshGemm(CompareOptions options, double clockHz, List<GemmResult> gemm)
    {
        string path = Path.Combine(options.OutDir, "latency.json");
        var old = File.Exists(path) ? JsonSerializer.Deserialize<CompareReport>(File.ReadAllText(path), s_json) : null;
        if (old is null)
        {
            Console.Error.WriteLine($"--gemm-only needs an earlier {path}");
            return 1;
        }
        var report = old with { Machine = old.Machine with { MeasuredClockGHz = Math.Round(clockHz / 1e9, 3), Build = MachineInfo.Collect(0).Build }, Gemm = gemm };
        report.Seconds = old.Seconds;
        report.Note = options.Note ?? old.Note;
        Write(options.OutDir, report);
        return 0;
    }

    private static ModelResult MeasureModel(CompareOptions options, string stem)
    {
        string floatPath = Path.Combine(options.ModelDir, stem + ".onnx");
        string int8Path = Int8ModelMaker.PathFor(floatPath);
        var result = new ModelResult(stem, floatPath, int8Path) { Warmup = options.Warmup };
        if (!File.Exists(floatPath))
        {
            result.Errors.Add($"{floatPath} is missing (build it with /usr/bin/python3 ../shared/tools/make-bench-models.py {options.ModelDir})");
            Log(result.Errors[^1]);
            return result;
        }
        try
        {
            Log($"{stem}: int8 model");
            result.QuantizeSeconds = Math.Round(Int8ModelMaker.Ensure(floatPath, options.CalibrationSamples, options.Requantize), 1);
            result.Int8Description = Int8ModelMaker.Describe(int8Path);
        }
        catch (Exception e)
        {
            result.Errors.Add($"quantization failed: {e.GetType().Name}: {e.Message}");
            Log(result.Errors[^1]);
            return result;
        }

        if (options.Memory)
        {
            foreach (string engine in s_engines)
            {
                Log($"{stem}: peak working set of {engine}");
                if (MemoryProbe.Measure(engine, FileFor(engine, floatPath, int8Path), runs: 1) is { } m) result.Memory.Add(m);
                else result.Errors.Add($"memory child for {engine} failed");
            }
        }

        Log($"{stem}: interleaved latency");
        MeasureLatency(options, result, floatPath, int8Path);

        if (options.Torch)
        {
            string name = TorchLatency.ModelName(stem);
            Log($"{stem}: torch-latency.py {name} (minutes)");
            result.Torch = TorchLatency.Measure(options.Python, options.TorchScript, name, options.TorchRuns, TimeSpan.FromMinutes(40));
            if (result.Torch is null) result.Errors.Add("torch-latency.py failed or timed out");
        }
        return result;
    }

    private static string FileFor(string engine, string floatPath, string int8Path) => engine.EndsWith("int8", StringComparison.Ordinal) ? int8Path : floatPath;

    private static void MeasureLatency(CompareOptions options, ModelResult result, string floatPath, string int8Path)
    {
        var engines = new List<IEngine>();
        try
        {
            foreach (string name in s_engines)
            {
                try
                {
                    engines.Add(Engines.Create(name, FileFor(name, floatPath, int8Path), profile: true));
                }
                catch (Exception e)
                {
                    result.Errors.Add($"{name} cannot run the model: {e.GetType().Name}: {e.Message}");
                    Log(result.Errors[^1]);
                }
            }
            if (engines.Count == 0) return;
            var quanta = engines.OfType<QuantaEngine>().ToArray();
            var (latency, runs) = InterleavedTimer.Measure(engines, options.Warmup, options.Runs, options.BudgetSeconds,
                () => Array.ForEach(quanta, q => q.ClearProfiles()));
            result.LatencyMs = latency;
            result.Runs = runs;
            foreach (var q in quanta)
            {
                var profile = q.Profile() is { } p ? ProfileJson.Of(p) : null;
                if (q.Name == Engines.QuantaFp32)
                {
                    result.QuantaFp32ArenaBytes = q.Plan.ArenaBytes;
                    result.QuantaFp32Profile = profile;
                }
                else
                {
                    result.QuantaInt8ArenaBytes = q.Plan.ArenaBytes;
                    result.QuantaInt8Profile = profile;
                }
            }
            Log($"  {runs} rounds: " + string.Join(", ", latency.Select(kv => $"{kv.Key} {kv.Value.Median:0.00} ms")));
        }
        finally
        {
            foreach (var e in engines) e.Dispose();
            GC.Collect();
        }
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Rewrites latency.md and latency.png in <paramref name="outDir"/> from its latency.json.</summary>
    public static int Render(string outDir)
    {
        string json = Path.Combine(outDir, "latency.json");
        if (!File.Exists(json))
        {
            Console.Error.WriteLine($"no {json}: run `compare --out {outDir}` first");
            return 2;
        }
        var report = JsonSerializer.Deserialize<CompareReport>(File.ReadAllText(json), s_json)
            ?? throw new InvalidDataException($"{json} holds no report");
        Write(outDir, report);
        Log($"rendered {Path.Combine(outDir, "latency.md")} and latency.png");
        return 0;
    }

    private static void Write(string outDir, CompareReport report)
    {
        File.WriteAllText(Path.Combine(outDir, "latency.json"), JsonSerializer.Serialize(report, s_json) + "\n");
        File.WriteAllText(Path.Combine(outDir, "latency.md"), LatencyMarkdown.Render(report));
        LatencyChart.Save(report, Path.Combine(outDir, "latency.png"));
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
