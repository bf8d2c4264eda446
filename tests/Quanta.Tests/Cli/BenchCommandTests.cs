using System.Text.Json;
using Xunit;

namespace Quanta.Tests.Cli;

public sealed class BenchCommandTests
{
    [Fact]
    public void JsonReportsPositiveOrderedLatenciesArenaAndAProfileWhoseSharesSumToOne()
    {
        var r = CliHarness.Run("bench", CliHarness.DefaultModel, "--json", "--profile", "--runs", "5", "--warmup", "1", "--top", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("runs").GetInt32());
        var l = root.GetProperty("latencyMs");
        double min = l.GetProperty("min").GetDouble(), p10 = l.GetProperty("p10").GetDouble(), median = l.GetProperty("median").GetDouble();
        double p90 = l.GetProperty("p90").GetDouble(), max = l.GetProperty("max").GetDouble();
        Assert.True(min > 0, $"min {min}");
        Assert.True(min <= p10 && p10 <= median && median <= p90 && p90 <= max, $"{min} {p10} {median} {p90} {max}");
        Assert.True(root.GetProperty("arenaBytes").GetInt64() > 0);
        Assert.Equal("[1,1,28,28]", CliHarness.Dims(root.GetProperty("inputs")[0].GetProperty("shape")));

        var p = root.GetProperty("profile");
        var ops = p.GetProperty("opTypes").EnumerateArray().ToArray();
        Assert.Equal(1.0, ops.Sum(o => o.GetProperty("share").GetDouble()), 3);
        Assert.Equal(p.GetProperty("totalMacs").GetInt64(), ops.Sum(o => o.GetProperty("macs").GetInt64()));
        Assert.True(p.GetProperty("totalMacs").GetInt64() > 0);
        Assert.True(p.GetProperty("gmacPerSecond").GetDouble() > 0);
        Assert.Equal(ops.Sum(o => o.GetProperty("ms").GetDouble()), p.GetProperty("totalMs").GetDouble(), 3);
        var top = p.GetProperty("topNodes").EnumerateArray().Select(n => n.GetProperty("ms").GetDouble()).ToArray();
        Assert.Equal(3, top.Length);
        Assert.Equal(top.OrderDescending(), top);
    }

    [Fact]
    public void TextShowsLatencyArenaAndProfileTables()
    {
        var r = CliHarness.Run("bench", CliHarness.DefaultModel, "--profile", "--runs", "2", "--warmup", "0", "--isa", "reference");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("latency  median", r.Stdout);
        Assert.Contains("arena    ", r.Stdout);
        Assert.Contains("isa reference", r.Stdout);
        Assert.Contains("Time per op type", r.Stdout);
        Assert.Contains("Slowest", r.Stdout);
        Assert.DoesNotContain("\u001b[", r.Stdout);
    }

    [Theory]
    [InlineData("--runs", "0", "--runs must be 1 or more")]
    [InlineData("--threads", "0", "--threads must be 1 or more")]
    [InlineData("--warmup", "-1", "--warmup must be 0 or more")]
    [InlineData("--isa", "sse9", "'sse9'")]
    public void BadOptionsAreUsageErrors(string option, string value, string message)
    {
        var r = CliHarness.Run("bench", CliHarness.DefaultModel, option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void AMissingModelIsAnError()
    {
        var r = CliHarness.Run("bench", "/nonexistent/model.onnx");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("quanta: ", r.Stderr);
    }
}
