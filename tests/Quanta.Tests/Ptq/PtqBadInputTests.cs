using Quanta.Core;
using Quanta.Data;
using Quanta.Data.TensorFiles;
using Quanta.Formats;
using Quanta.Quantization;
using Quanta.Tests.Cli;
using Xunit;

namespace Quanta.Tests.Ptq;

/// <summary>
/// Bad input to post-training quantization: calibration data of the wrong shape, an empty dataset,
/// a model with no float weights, an unknown op. Each is a typed Quanta exception from the API, and
/// from the command line an error exit with no output file (none created, none left half-written).
/// </summary>
public sealed class PtqBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-ptq-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Output => Path.Combine(_dir, "out.onnx");

    /// <summary>Runs <c>quanta quantize</c> and checks that it failed without writing.</summary>
    private CliResult QuantizeFails(params string[] args)
    {
        var r = CliHarness.Run(["quantize", .. args, "-o", Output]);
        Assert.Equal(1, r.ExitCode);
        Assert.False(File.Exists(Output), "an output file was written");
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.Contains(".tmp", StringComparison.Ordinal));
        return r;
    }

    private string Folder(string name)
    {
        string folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public void CalibrationSamplesOfTheWrongShapeAreRefused()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string samples = Folder("samples");
        // The model takes [N, 4]; these samples hold 5 values.
        for (int i = 0; i < 3; i++) NpyFile.Write(Path.Combine(samples, $"{i}.npy"), Tensor.Vector(new float[] { 1, 2, 3, 4, 5 }));
        var e = Assert.ThrowsAny<QuantaException>(() =>
        {
            var m = ModelLoader.Load(model);
            var data = CalibrationDatasets.Open(samples, DataType.Float32, m.Graph.Inputs[0].Shape!);
            new Quantizer().Quantize(m, data);
        });
        Assert.True(e is InvalidInputException, e.ToString());
        Assert.Contains("0.npy", e.Message);
        var r = QuantizeFails(model, "--calibration", samples);
        Assert.Contains("0.npy", r.Stderr);
    }

    [Fact]
    public void AnEmptyCalibrationFolderIsRefused()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string empty = Folder("empty");
        var m = ModelLoader.Load(model);
        var e = Assert.Throws<DataFormatException>(() => new Quantizer().Quantize(m, CalibrationDatasets.Open(empty, DataType.Float32, m.Graph.Inputs[0].Shape!)));
        Assert.Contains("holds no images", e.Message);
        QuantizeFails(model, "--calibration", empty);
    }

    [Fact]
    public void AModelWithoutFloatWeightsHasNothingToQuantize()
    {
        // An int8 model written by Quanta itself: already quantized.
        string samples = Folder("samples");
        var rng = new Random(5);
        for (int i = 0; i < 20; i++) NpyFile.Write(Path.Combine(samples, $"{i:D2}.npy"), Tensor.Vector(Enumerable.Range(0, 4).Select(_ => (float)rng.NextDouble()).ToArray()));
        string model = CliHarness.WriteAddReluModel(_dir);
        string quantized = Path.Combine(_dir, "int8.onnx");
        Assert.Equal(0, CliHarness.Run("quantize", model, "-o", quantized, "--calibration", samples).ExitCode);
        var e = Assert.Throws<UnsupportedException>(() => new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Dynamic }).Quantize(ModelLoader.Load(quantized)));
        Assert.Contains("already quantized", e.Message);
        QuantizeFails(quantized, "--mode", "dynamic");
        // A float model without weights (Add + Relu): dynamic-range quantization has nothing to store.
        var w = Assert.Throws<InvalidInputException>(() => new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Dynamic }).Quantize(ModelLoader.Load(model)));
        Assert.Contains("no float weights", w.Message);
        Assert.Contains("no float weights", QuantizeFails(model, "--mode", "dynamic").Stderr);
    }

    [Fact]
    public void AnUnknownOpIsNamedAndNothingIsWritten()
    {
        string model = CliHarness.WriteAddReluModel(_dir, extraOp: "Frobnicate");
        var e = Assert.ThrowsAny<QuantaException>(() => new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Dynamic }).Quantize(ModelLoader.Load(model)));
        Assert.True(e is UnsupportedOperatorException, e.ToString());
        Assert.Contains("Frobnicate", e.Message);
        var r = QuantizeFails(model, "--mode", "dynamic");
        Assert.Contains("Frobnicate", r.Stderr);
    }
}
