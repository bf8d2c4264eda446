using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Quanta.Benchmarks.Compare;

/// <summary>Peak working set of one engine: a child process loads the model, runs it a few
/// times and reports its own peak resident set (Linux VmHWM), and its resident set before loading
/// (the .NET runtime itself, and ONNX Runtime's library once loaded).</summary>
/// <param name="Engine">The engine.</param>
/// <param name="PeakBytes">Peak working set of the whole process.</param>
/// <param name="BaselineBytes">Working set before the model was loaded.</param>
internal sealed record MemoryResult(string Engine, long PeakBytes, long BaselineBytes);

internal static class MemoryProbe
{
    /// <summary>Runs the child for <paramref name="engine"/> on <paramref name="model"/>.</summary>
    public static MemoryResult? Measure(string engine, string model, int runs)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string host = Environment.ProcessPath ?? "dotnet";
        start.FileName = host;
        // Under `dotnet Quanta.Benchmarks.dll` the host needs the assembly; the apphost does not.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
        foreach (string a in new[] { "memory", engine, model, runs.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("cannot start the memory child");
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"  memory child for {engine} failed ({child.ExitCode}): {stderr.Result.Trim()}");
            return null;
        }
        string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonSerializer.Deserialize<MemoryResult>(line);
    }

    /// <summary>The child: <c>memory ENGINE MODEL RUNS</c>; prints one JSON line.</summary>
    public static int RunChild(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: memory ENGINE MODEL RUNS");
            return 2;
        }
        var self = Process.GetCurrentProcess();
        long baseline = self.WorkingSet64;
        using (var engine = Engines.Create(args[0], args[1]))
        {
            for (int i = 0; i < int.Parse(args[2], CultureInfo.InvariantCulture); i++) engine.Run();
        }
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new MemoryResult(args[0], self.PeakWorkingSet64, baseline)));
        return 0;
    }
}
