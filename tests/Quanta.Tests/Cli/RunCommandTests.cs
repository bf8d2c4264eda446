using System.Text.Json;
using Quanta.Cli.Output;
using Quanta.Core;
using Quanta.Data.TensorFiles;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out");

    private string Csv(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FileNamesReplaceEverythingButLettersDigitsDotDashUnderscore()
    {
        Assert.Equal("0_MobilenetV1_Predictions_Reshape_1", OutputFileNames.BaseName(0, "MobilenetV1/Predictions/Reshape_1"));
        Assert.Equal("3_sequential_dense_1_MatMul_sequential_dense_1_Relu", OutputFileNames.BaseName(3, "sequential/dense_1/MatMul;sequential/dense_1/Relu"));
        Assert.Equal("1_StatefulPartitionedCall_0", OutputFileNames.BaseName(1, "StatefulPartitionedCall:0"));
        Assert.Equal("0_a.b-c_d___", OutputFileNames.BaseName(0, "a.b-c_d é\\"));
        Assert.Equal("12_", OutputFileNames.BaseName(12, ""));
    }

    [Fact]
    public void RunsAModelAndWritesEachOutputAsNpyAndCsv()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string input = Csv("x.csv", "0,0,0,0\n1,1,-5,10\n");
        var r = CliHarness.Run("run", model, "--input", input, "--output-dir", Out);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var y = NpyFile.Read(Path.Combine(Out, "0_y.npy"));
        Assert.Equal(new Shape(2, 4), y.Shape);
        Assert.Equal([1f, 0f, 3f, 0f, 2f, 0f, 0f, 6f], y.ToArray<float>());
        Assert.Equal("1,0,3,0\n2,0,0,6\n", File.ReadAllText(Path.Combine(Out, "0_y.csv")));
        Assert.Equal(["0_y.csv", "0_y.npy"], Directory.GetFiles(Out).Select(Path.GetFileName).Order());
        Assert.Contains("output 'y' float32[2,4]", r.Stdout);
    }

    [SkippableFact]
    public void ReadsOnnxTensorProtoInputsAsInOnnxTestDataSets()
    {
        string dir = TestData.Require(Path.Combine(TestData.OnnxTestData, "node", "test_softmax_axis_1"), "apt package libonnx-testdata");
        var r = CliHarness.Run("run", Path.Combine(dir, "model.onnx"), "--input", Path.Combine(dir, "test_data_set_0", "input_0.pb"), "--output-dir", Out, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var expected = Formats.Onnx.OnnxTensorReader.ReadFile(Path.Combine(dir, "test_data_set_0", "output_0.pb"));
        var actual = NpyFile.Read(Directory.GetFiles(Out, "0_*.npy").Single());
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-6f, $"element {i}: {a[i]} vs {e[i]}");
    }

    [Fact]
    public void APbFileWithTheWrongShapeIsATypedError()
    {
        string input = Path.Combine(_dir, "x.pb");
        File.WriteAllBytes(input, Formats.Onnx.OnnxTensorWriter.ToBytes(new Tensor(DataType.Float32, new Shape(3), new byte[12]), "x"));
        var r = CliHarness.Run("run", CliHarness.WriteAddReluModel(_dir), "--input", input, "--output-dir", Out);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("has shape [3]", r.Stderr);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any(), "nothing is written for a bad input");
    }

    [Fact]
    public void JsonNamesOutputsShapesFilesAndTopValues()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string input = Csv("x.csv", "0.5,4,-1,9");
        var r = CliHarness.Run("run", model, "-i", $"x={input}", "-o", Out, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var o = doc.RootElement.GetProperty("outputs")[0];
        Assert.Equal("y", o.GetProperty("name").GetString());
        Assert.Equal("[1,4]", CliHarness.Dims(o.GetProperty("shape")));
        Assert.Equal(Path.Combine(Out, "0_y.npy"), o.GetProperty("npy").GetString());
        Assert.True(File.Exists(o.GetProperty("csv").GetString()));
        // y = relu([1.5, 2, 2, 5]): largest first, ties by lower index.
        Assert.Equal([3, 1, 2, 0], o.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("index").GetInt32()).ToArray()[..4]);
        Assert.True(doc.RootElement.GetProperty("runSeconds").GetDouble() >= 0);
        Assert.Equal("x", doc.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void OutputNamesWithSlashesAndSemicolonsBecomeUnderscores()
    {
        string model = CliHarness.WriteAddReluModel(_dir, outputName: "sequential/dense_1/MatMul;sequential/dense_1/Relu");
        var r = CliHarness.Run("run", model, "-i", Csv("x.csv", "1,2,3,4"), "-o", Out);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(Path.Combine(Out, "0_sequential_dense_1_MatMul_sequential_dense_1_Relu.npy")));
        Assert.True(File.Exists(Path.Combine(Out, "0_sequential_dense_1_MatMul_sequential_dense_1_Relu.csv")));
    }

    [Fact]
    public void AFailedWriteLeavesNoPartialFiles()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        Directory.CreateDirectory(Path.Combine(Out, "0_y.npy")); // a folder where the file must go
        var r = CliHarness.Run("run", model, "-i", Csv("x.csv", "1,2,3,4"), "-o", Out);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("quanta: ", r.Stderr);
        Assert.Contains("0_y.npy", r.Stderr);
        Assert.Equal([Path.Combine(Out, "0_y.npy")], Directory.GetFileSystemEntries(Out));
    }

    [Theory]
    [InlineData("z={0}", "no input named 'z'")]
    [InlineData("{0}|{0}", "all already given")]
    [InlineData("x={0}|x={0}", "given twice")]
    public void InputSpecificationErrorsExitWith1(string specs, string expected)
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string input = Csv("x.csv", "1,2,3,4");
        var args = new List<string> { "run", model, "-o", Out };
        foreach (var spec in specs.Split('|')) args.AddRange(["-i", string.Format(System.Globalization.CultureInfo.InvariantCulture, spec, input)]);
        var r = CliHarness.Run([.. args]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void InputFilesThatDoNotFitNameTheFile()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        string five = Csv("five.csv", "1,2,3,4,5");
        var r = CliHarness.Run("run", model, "-i", five, "-o", Out);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{five}: has 5 values", r.Stderr);
        string npy = Path.Combine(_dir, "int.npy");
        NpyFile.Write(npy, Tensor.FromArray(new Shape(1, 4), [1, 2, 3, 4]));
        var wrongType = CliHarness.Run("run", model, "-i", npy, "-o", Out);
        Assert.Equal(1, wrongType.ExitCode);
        Assert.Contains($"{npy}: holds Int32 but input 'x' is Float32", wrongType.Stderr);
    }

    [Fact]
    public void AModelWithAnUnsupportedOpCannotRun()
    {
        string model = CliHarness.WriteAddReluModel(_dir, extraOp: "FrobnicateV9");
        var r = CliHarness.Run("run", model, "-i", Csv("x.csv", "1,2,3,4"), "-o", Out);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FrobnicateV9", r.Stderr);
        Assert.Contains("mystery", r.Stderr);
    }

    [SkippableFact]
    public void RunsTfliteHelloWorldInt8()
    {
        string model = TestData.Require(TestData.SharedPath("models", "tflite", "hello_world_int8.tflite"), "../shared");
        var r = CliHarness.Run("run", model, "-i", Csv("x.csv", "-128"), "-o", Out, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var y = NpyFile.Read(Path.Combine(Out, "0_StatefulPartitionedCall_0.npy"));
        Assert.Equal(DataType.Int8, y.Type);
        Assert.Equal(new Shape(1, 1), y.Shape);
    }

    [SkippableFact]
    public void PersonDetectionScoresThePersonImageAsAPerson()
    {
        string model = TestData.Require(TestData.SharedPath("models", "tflite", "person_detect.tflite"), "../shared");
        string person = TestData.SharedPath("models", "tflite", "person.bmp");
        string noPerson = TestData.SharedPath("models", "tflite", "no_person.bmp");
        // TFLite Micro's person_detection_test: index 1 is "person", index 0 "no person".
        foreach (var (image, expectedTop) in new[] { (person, 1), (noPerson, 0) })
        {
            var r = CliHarness.Run("run", model, "-i", image, "-o", Out, "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            var output = doc.RootElement.GetProperty("outputs")[0];
            Assert.EndsWith("0_MobilenetV1_Predictions_Reshape_1.npy", output.GetProperty("npy").GetString());
            Assert.Equal(expectedTop, output.GetProperty("top")[0].GetProperty("index").GetInt32());
        }
    }

    [Fact]
    public void TheReadmeSampleImagesAreClassifiedByTheDefaultModel()
    {
        foreach (var (file, label) in new[] { ("fmnist-t10k-0-ankle-boot.png", 9), ("fmnist-t10k-1-pullover.png", 2) })
        {
            var r = CliHarness.Run("run", CliHarness.DefaultModel, "-i", TestData.RepoPath("models", "samples", file),
                "--mean", "0.2860", "--std", "0.3530", "-o", Out, "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            var output = doc.RootElement.GetProperty("outputs")[0];
            Assert.Equal("logits", output.GetProperty("name").GetString());
            Assert.Equal(label, output.GetProperty("top")[0].GetProperty("index").GetInt32());
        }
    }

    [Fact]
    public void AnImageFillsAFloatInputWithoutMeanOrStd()
    {
        // The 4×3 gray fixture fills x [N,4] as [3,4] with pixel / 255 (pixel = 10·row + column).
        string model = CliHarness.WriteAddReluModel(_dir);
        string image = TestData.RepoPath("tests", "Quanta.Tests", "Data", "Fixtures", "gray_4x3.png");
        var r = CliHarness.Run("run", model, "-i", image, "-o", Out);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var y = NpyFile.Read(Path.Combine(Out, "0_y.npy"));
        Assert.Equal(new Shape(3, 4), y.Shape);
        Assert.Equal([1f, 0f, 3f + (2 / 255f), 0f], y.ToArray<float>()[..4]);
    }
}
