using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// Re-runs the optimized-kernel tests (every <c>F32*Tests</c> class and
/// <see cref="OptimizedSessionTests"/>) in child processes with <c>DOTNET_EnableAVX512=0</c> (the
/// AVX2 kernels only), <c>DOTNET_EnableAVX2=0</c> (the Vector128 kernels) and with <c>DOTNET_EnableHWIntrinsic=0</c> (software vectors and the
/// reference kernels), as ImageSharp does, so that one machine tests every path. The child runs
/// <c>dotnet test</c> on this very assembly with a filter; it must pass and run tests.
/// </summary>
public partial class ForcedIsaTests
{
    private const string Filter =
        "FullyQualifiedName~Quanta.Tests.Optimized.F32|FullyQualifiedName~Quanta.Tests.Optimized.OptimizedSessionTests";

    [Theory]
    [InlineData("DOTNET_EnableAVX512")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task OptimizedKernelTestsPassWithTheIsaDisabled(string variable)
    {
        string assembly = typeof(ForcedIsaTests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string results = Path.Combine(Path.GetTempPath(), $"quanta-forced-isa-{Environment.ProcessId}-{variable}");
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "test", assembly, "--filter", Filter, "--results-directory", results }) start.ArgumentList.Add(arg);
        start.Environment[variable] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        bool exited = true;
        try { await child.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            exited = false;
            child.Kill(entireProcessTree: true);
        }
        string log = await stdout + await stderr;
        try { Directory.Delete(results, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }

        Assert.True(exited, $"the child run with {variable}=0 timed out:\n{log}");
        Assert.True(child.ExitCode == 0, $"the child run with {variable}=0 failed (exit {child.ExitCode}):\n{log}");
        var summary = SummaryPattern().Match(log);
        Assert.True(summary.Success, $"no test summary in the child's output:\n{log}");
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.True(int.Parse(summary.Groups["passed"].Value) >= 15, $"too few tests passed with {variable}=0:\n{log}");
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex SummaryPattern();
}
