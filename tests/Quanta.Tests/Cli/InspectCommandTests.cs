using System.Text.Json;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void JsonDescribesAnOnnxModel()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        var r = CliHarness.Run("inspect", model, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("onnx", root.GetProperty("format").GetString());
        Assert.Equal(17, root.GetProperty("opsets").GetProperty("ai.onnx").GetInt64());
        Assert.Equal("quanta-tests", root.GetProperty("producer").GetString()?.Split(' ')[0]);
        Assert.Equal(new FileInfo(model).Length, root.GetProperty("fileBytes").GetInt64());
        Assert.Equal(4, root.GetProperty("parameters").GetInt64());
        Assert.Equal(2, root.GetProperty("nodes").GetInt32());
        Assert.True(root.GetProperty("supported").GetBoolean());
        var input = root.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("float32", input.GetProperty("type").GetString());
        Assert.Equal("[null,4]", CliHarness.Dims(input.GetProperty("shape")));
        var ops = root.GetProperty("ops").EnumerateArray().Select(o => (o.GetProperty("op").GetString(), o.GetProperty("count").GetInt32(), o.GetProperty("supported").GetBoolean())).ToArray();
        Assert.Equal([("Add", 1, true), ("Relu", 1, true)], ops);
        var tensors = root.GetProperty("tensors").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("kind").GetString());
        Assert.Equal("constant", tensors["bias"]);
        Assert.Equal("activation", tensors["sum"]);
        Assert.Equal("output", tensors["y"]);
    }

    [Fact]
    public void UnsupportedOpsAreReportedWithTheirNodeAndExit0()
    {
        string model = CliHarness.WriteAddReluModel(_dir, extraOp: "FrobnicateV9");
        var r = CliHarness.Run("inspect", model);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Supported: NO, 1 of 3 nodes", r.Stdout);
        Assert.Contains("mystery", r.Stdout);
        Assert.Contains("FrobnicateV9", r.Stdout);
        var json = CliHarness.Run("inspect", model, "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.False(doc.RootElement.GetProperty("supported").GetBoolean());
        var u = doc.RootElement.GetProperty("unsupported")[0];
        Assert.Equal("mystery", u.GetProperty("node").GetString());
        Assert.Equal("FrobnicateV9", u.GetProperty("op").GetString());
        Assert.Equal("no schema", u.GetProperty("reason").GetString());
    }

    [Fact]
    public void TablesShowInputsOpsAndWithTensorsEveryTensor()
    {
        string model = CliHarness.WriteAddReluModel(_dir);
        var r = CliHarness.Run("inspect", model, "--tensors");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Format      ONNX, opsets ai.onnx 17", r.Stdout);
        Assert.Contains("Parameters  4 ", r.Stdout);
        Assert.Contains("[?,4]", r.Stdout);
        Assert.Contains("Supported: yes", r.Stdout);
        Assert.Contains("bias", r.Stdout);
        Assert.Contains("constant", r.Stdout);
    }

    [SkippableFact]
    public void AQuantizedTfliteModelShowsItsQuantizationParameters()
    {
        string model = TestData.Require(TestData.SharedPath("models", "tflite", "person_detect.tflite"), "../shared");
        var r = CliHarness.Run("inspect", model, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("tflite", root.GetProperty("format").GetString());
        var input = root.GetProperty("inputs")[0];
        Assert.Equal("int8", input.GetProperty("type").GetString());
        Assert.Equal("[1,96,96,1]", CliHarness.Dims(input.GetProperty("shape")));
        Assert.True(input.GetProperty("quant").GetProperty("scales")[0].GetSingle() > 0);
        var perAxis = root.GetProperty("tensors").EnumerateArray()
            .Where(t => t.TryGetProperty("quant", out var q) && q.TryGetProperty("axis", out _)).ToArray();
        Assert.NotEmpty(perAxis); // per-channel convolution weights
        var text = CliHarness.Run("inspect", model, "--tensors");
        Assert.Contains("scale=", text.Stdout);
        Assert.Contains("axis=", text.Stdout);
        Assert.Contains("MobilenetV1/Predictions/Reshape_1", text.Stdout);
    }
}
