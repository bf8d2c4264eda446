using System.Diagnostics;
using Quanta.Core;
using Quanta.Data.TensorFiles;
using Quanta.Formats.Tflite;
using Quanta.Runtime;
using Quanta.Tests.Cli;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.TfliteExport;

public sealed class TfliteQuantizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-tflite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NpySamples(int count)
    {
        string folder = Path.Combine(_dir, "samples");
        Directory.CreateDirectory(folder);
        var rng = new Random(5);
        for (int i = 0; i < count; i++)
            NpyFile.Write(Path.Combine(folder, $"{i:D3}.npy"), Tensor.Vector(Enumerable.Range(0, 4).Select(_ => (float)rng.NextDouble() * 4 - 2).ToArray()));
        return folder;
    }

    [SkippableTheory]
    [InlineData("int8")]
    [InlineData("int16x8")]
    [InlineData("dynamic")]
    [InlineData("float16")]
    public void EveryModeWritesATfliteFileTheRuntimeRuns(string mode)
    {
        TestData.Require(Path.Combine(TestData.FashionMnist, "train-images-idx3-ubyte.gz"), "apt package dataset-fashion-mnist");
        string output = Path.Combine(_dir, $"{mode}.tflite");
        var r = CliHarness.Run("quantize", CliHarness.DefaultModel, "-o", output, "--mode", mode, "--calibration", "fashion-mnist", "--samples", "100");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("output SQNR", r.Stdout);
        var model = TfliteImporter.Import(File.ReadAllBytes(output), output);
        Assert.All(model.Graph.Nodes, n => Assert.Equal(OpDomains.Tflite, n.Domain));
        using var session = new InferenceSession(model);
        var y = session.Run(Tensor.Zeros(DataType.Float32, new Shape(1, 1, 28, 28)))[0];
        Assert.Equal(new Shape(1, 10), y.Shape);
        Assert.Equal([$"{mode}.tflite"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    /// <summary>The same model and data give the same file in two separate processes (no hash-order,
    /// time or thread dependence in calibration, emission or serialization).</summary>
    [SkippableFact]
    public void TwoProcessesWriteIdenticalFiles()
    {
        TestData.Require(Path.Combine(TestData.FashionMnist, "train-images-idx3-ubyte.gz"), "apt package dataset-fashion-mnist");
        string quanta = Path.Combine(AppContext.BaseDirectory, "quanta.dll");
        var files = new List<byte[]>();
        for (int run = 0; run < 2; run++)
        {
            string output = Path.Combine(_dir, $"run{run}.tflite");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { quanta, "quantize", CliHarness.DefaultModel, "-o", output, "--mode", "int8", "--calibration", "fashion-mnist", "--samples", "64" })
                psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(300_000), "quanta did not finish in 5 minutes");
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr} {stdout.Result}");
            files.Add(File.ReadAllBytes(output));
        }
        Assert.Equal(files[0], files[1]);
    }

    [Fact]
    public void SmallModelRoundTripsThroughTheCommandWithAFusedRelu()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string output = Path.Combine(_dir, "int8.tflite");
        var r = CliHarness.Run("quantize", model, "-o", output, "--calibration", NpySamples(30));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var g = TfliteImporter.Import(File.ReadAllBytes(output), output).Graph;
        Assert.Equal(["QUANTIZE", "ADD", "DEQUANTIZE"], g.Nodes.Select(n => n.OpType));
        Assert.Equal("RELU", g.Nodes[1].Attributes.GetString("fused_activation_function", ""));
        Assert.Equal("y", g.Outputs[0].Name);
        using var session = new InferenceSession(new Model(g, ModelFormat.Tflite));
        var y = session.Run(Tensor.FromArray(new Shape(1, 4), [0.5f, 0.5f, -1f, 1f]))[0].ToArray<float>();
        // Relu(x + [1, −2, 3, −4]) = [1.5, 0, 2, 0], to within the int8 step of the output range.
        float[] expected = [1.5f, 0f, 2f, 0f];
        for (int i = 0; i < 4; i++) Assert.InRange(y[i], expected[i] - 0.05f, expected[i] + 0.05f);
    }

    [Fact]
    public void AnOpWithoutATfliteFormIsNamedAndNothingIsWritten()
    {
        string model = CliHarness.WriteAddReluModel(_dir, extraOp: "Erf");
        string output = Path.Combine(_dir, "out.tflite");
        var r = CliHarness.Run("quantize", model, "-o", output, "--calibration", NpySamples(20), "--exclude", "Erf");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Erf 'mystery'", r.Stderr);
        Assert.Contains("TFLite", r.Stderr);
        Assert.False(File.Exists(output));
    }
}
