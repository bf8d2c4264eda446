using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Quanta.Benchmarks.Compare;

/// <summary>What torch-latency.py reported, and the peak resident set of its process (fp32 and
/// int8 preparation and runs in one process, so the peak is of both).</summary>
internal sealed record TorchResult(double Fp32Ms, double Int8Ms, int Runs, string Engine, long PeakBytes, double Seconds);

internal static class TorchLatency
{
    // The wrapper runs the script as its child and reports the child's ru_maxrss (KiB on Linux).
    private const string Wrapper =
        "import resource,subprocess,sys\n" +
        "r=subprocess.run(sys.argv[1:])\n" +
        "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n" +
        "sys.exit(r.returncode)\n";

    /// <summary>Runs torch-latency.py for <paramref name="model"/> (its name without the size suffix);
    /// null (with the reason on stderr) when it fails.</summary>
    public static TorchResult? Measure(string python, string script, string model, int runs, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-c", Wrapper, python, script, model, "--runs", runs.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {python}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"  torch-latency.py {model}: timed out after {timeout.TotalMinutes:0} min");
            return null;
        }
        string err = stderr.Result, outText = stdout.Result;
        string? json = outText.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (p.ExitCode != 0 || json is null)
        {
            Console.Error.WriteLine($"  torch-latency.py {model} failed ({p.ExitCode}): {string.Join('\n', err.Split('\n').TakeLast(5))}");
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        long peakKb = err.Split('\n').Where(l => l.StartsWith("MAXRSS_KB", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).LastOrDefault();
        return new TorchResult(root.GetProperty("fp32_ms").GetDouble(), root.GetProperty("int8_ms").GetDouble(), root.GetProperty("runs").GetInt32(),
            root.GetProperty("engine").GetString() ?? "", peakKb * 1024, clock.Elapsed.TotalSeconds);
    }

    /// <summary>torch-latency.py's name of a benchmark file stem: <c>resnet50_224</c> → <c>resnet50</c>.</summary>
    public static string ModelName(string stem)
    {
        int cut = stem.LastIndexOf('_');
        return cut > 0 && stem[(cut + 1)..].All(char.IsAsciiDigit) ? stem[..cut] : stem;
    }
}
