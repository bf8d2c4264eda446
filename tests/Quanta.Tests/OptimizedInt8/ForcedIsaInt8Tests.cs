using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// Re-runs every optimized int8 test class of this folder (the QS8* kernel suites, the bindings and
/// the whole-model comparisons) in child processes with <c>DOTNET_EnableAVX2=0</c> (SSE: the
/// Vector128 kernels and their SSE4.1 epilogue) and with <c>DOTNET_EnableHWIntrinsic=0</c>
/// (software vectors: the portable forms, and the reference kernels in sessions), as ImageSharp
/// does, so one machine tests every path. The child must pass, run tests, and — proof that the
/// variable took effect — skip the AVX2-only ones.
/// </summary>
public partial class ForcedIsaInt8Tests
{
    private const string Filter =
        "FullyQualifiedName~Quanta.Tests.OptimizedInt8.QS8|FullyQualifiedName~Quanta.Tests.OptimizedInt8.Optimized";

    [Theory]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task Int8KernelTestsPassWithTheIsaDisabled(string variable)
    {
        string assembly = typeof(ForcedIsaInt8Tests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string results = Path.Combine(Path.GetTempPath(), $"quanta-forced-isa-int8-{Environment.ProcessId}-{variable}");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "test", assembly, "--filter", Filter, "--results-directory", results }) start.ArgumentList.Add(arg);
        start.Environment[variable] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        bool exited = true;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20)))
        {
            try
            {
                await child.WaitForExitAsync(timeout.Token);
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
        Assert.True(int.Parse(summary.Groups["passed"].Value) >= 30, $"too few tests passed with {variable}=0:\n{log}");
        Assert.True(int.Parse(summary.Groups["skipped"].Value) > 0, $"no AVX2-only test was skipped with {variable}=0, so AVX2 was still on:\n{log}");
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+)")]
    private static partial Regex SummaryPattern();
}
