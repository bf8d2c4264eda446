using System.Text.Json;
using Quanta.Core;
using Quanta.Data.TensorFiles;
using Quanta.Formats;
using Xunit;

namespace Quanta.Tests.Cli;

public sealed class QuantizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-quantize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A folder of <paramref name="count"/> .npy samples [4] for the Add/Relu model.</summary>
    private string NpySamples(int count)
    {
        string folder = Path.Combine(_dir, "samples");
        Directory.CreateDirectory(folder);
        var rng = new Random(3);
        for (int i = 0; i < count; i++)
            NpyFile.Write(Path.Combine(folder, $"{i:D3}.npy"), Tensor.Vector(Enumerable.Range(0, 4).Select(_ => (float)rng.NextDouble() * 4 - 2).ToArray()));
        return folder;
    }

    private string[] FilesIn(string folder) => Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Float16WritesHalfWeightsAndReportsTheComparison()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string output = Path.Combine(_dir, "half.onnx");
        var r = CliHarness.Run("quantize", model, "-o", output, "--mode", "float16");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var written = ModelLoader.Load(output);
        var cast = Assert.Single(written.Graph.Nodes, n => n.OpType == "Cast");
        Assert.Equal(DataType.Float16, cast.Inputs[0]!.Type);
        Assert.Contains("mode        float16", r.Stdout);
        Assert.Contains("random N(0, 1) inputs", r.Stdout);
        Assert.Contains("output SQNR", r.Stdout);
        // Nothing else is left in the folder: no temporary file.
        Assert.Equal(["add_relu.onnx", "half.onnx"], FilesIn(_dir));
    }

    [Fact]
    public void JsonSummaryHasSizesAndSqnr()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string output = Path.Combine(_dir, "half.onnx");
        var r = CliHarness.Run("quantize", model, "-o", output, "--mode", "float16", "--calibration", NpySamples(30), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("float16", root.GetProperty("mode").GetString());
        Assert.Equal(new FileInfo(model).Length, root.GetProperty("floatBytes").GetInt64());
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("quantizedBytes").GetInt64());
        // 30 samples: 3 are held back for verification.
        Assert.Equal(3, root.GetProperty("verificationSamples").GetInt32());
        // The bias [1, −2, 3, −4] is exact in half precision: no noise at all, which JSON writes as null (∞ dB).
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outputSqnrDb")[0].ValueKind);
        Assert.Equal(1.0, root.GetProperty("top1Agreement").GetDouble());
    }

    [Fact]
    public void Int8WithoutCalibrationDataSaysHowToGiveItAndWritesNothing()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string output = Path.Combine(_dir, "int8.onnx");
        var r = CliHarness.Run("quantize", model, "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--calibration", r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AnOpThatCannotBeQuantizedIsNamedBeforeAnythingIsWritten()
    {
        string model = CliHarness.WriteAddReluModel(_dir, extraOp: "Erf");
        string output = Path.Combine(_dir, "int8.onnx");
        File.WriteAllText(output, "previous contents");
        var r = CliHarness.Run("quantize", model, "-o", output, "--calibration", NpySamples(20));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Erf 'mystery'", r.Stderr);
        Assert.Contains("--exclude Erf", r.Stderr);
        // The existing file is untouched and no temporary file is left.
        Assert.Equal("previous contents", File.ReadAllText(output));
        Assert.Equal(["add_relu_Erf.onnx", "int8.onnx", "samples"], Directory.GetFileSystemEntries(_dir).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    [Theory]
    [InlineData("out.txt", "float16", ".onnx or .tflite")]
    [InlineData("out.onnx", "int16x8", "TFLite-only")]
    public void OutputsThatCannotBeWrittenAreRefusedFirst(string file, string mode, string message)
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        var r = CliHarness.Run("quantize", model, "-o", Path.Combine(_dir, file), "--mode", mode);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, file)));
    }

    [Fact]
    public void UnknownModeOrMethodIsAUsageError()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        Assert.Equal(2, CliHarness.Run("quantize", model, "-o", "x.onnx", "--mode", "int4").ExitCode);
        Assert.Equal(2, CliHarness.Run("quantize", model, "-o", "x.onnx", "--method", "median").ExitCode);
    }
}
