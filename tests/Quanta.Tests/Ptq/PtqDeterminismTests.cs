using System.Diagnostics;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Ptq;

/// <summary>Quantizing the same model with the same data in two separate processes gives
/// byte-identical files (no dictionary order, hash seed, thread timing or clock in the output).</summary>
public sealed class PtqDeterminismTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-ptq-determinism-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableTheory]
    [InlineData("int8", "qoperator")]
    [InlineData("dynamic", "qdq")]
    public void TwoProcessesWriteTheSameBytes(string mode, string format)
    {
        string model = PtqModels.ModelPath("fmnist_mobilenet_v1");
        TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        string[] files = [Path.Combine(_dir, "a.onnx"), Path.Combine(_dir, "b.onnx")];
        // Both processes run at the same time: each must be deterministic on its own, whatever the other does.
        var processes = files.Select(f => Start("quantize", model, "-o", f, "--mode", mode, "--onnx-format", format,
            "--calibration", "fashion-mnist", "--samples", "100", "--json")).ToList();
        foreach (var p in processes)
        {
            string stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "quanta quantize did not finish");
            Assert.True(p.ExitCode == 0, stderr);
        }
        var a = File.ReadAllBytes(files[0]);
        Assert.True(a.Length > 100_000, $"{a.Length} bytes");
        Assert.Equal(a, File.ReadAllBytes(files[1]));
    }

    /// <summary>Starts <c>dotnet quanta.dll args…</c> (the tool the tests reference, built beside them).</summary>
    private static Process Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "quanta.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}
