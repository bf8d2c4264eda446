using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Quanta.Tests.Support;

/// <summary>
/// Runs <c>dotnet test</c> on this very test assembly in a child process with one environment
/// variable set to 0 (e.g. <c>DOTNET_EnableAVX2</c>), so that one machine tests every
/// instruction-set path, as ImageSharp does. Asserts that the child exited in time, succeeded and
/// printed a summary with no failures, and returns its counts for the caller's own checks.
/// </summary>
public static partial class ChildTestRun
{
    /// <summary>The child's summary counts and its whole output.</summary>
    public readonly record struct Summary(int Passed, int Skipped, string Log);

    /// <summary>Runs the tests matching <paramref name="filter"/> with <paramref name="variable"/>=0.</summary>
    public static async Task<Summary> RunWithDisabledAsync(string variable, string filter, TimeSpan timeout)
    {
        string assembly = typeof(ChildTestRun).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string results = Path.Combine(Path.GetTempPath(), $"quanta-child-tests-{Environment.ProcessId}-{variable}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "test", assembly, "--filter", filter, "--results-directory", results }) start.ArgumentList.Add(arg);
        start.Environment[variable] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        bool exited = true;
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await child.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                exited = false;
                child.Kill(entireProcessTree: true);
            }
        }
        string log = await stdout + await stderr;
        try { Directory.Delete(results, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }

        Assert.True(exited, $"the child run with {variable}=0 timed out:\n{log}");
        Assert.True(child.ExitCode == 0, $"the child run with {variable}=0 failed (exit {child.ExitCode}):\n{log}");
        var summary = SummaryPattern().Match(log);
        Assert.True(summary.Success, $"no test summary in the child's output:\n{log}");
        Assert.Equal("0", summary.Groups["failed"].Value);
        return new Summary(int.Parse(summary.Groups["passed"].Value), int.Parse(summary.Groups["skipped"].Value), log);
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+)")]
    private static partial Regex SummaryPattern();
}
