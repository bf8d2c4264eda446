using System.Text.Json;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Cli;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void TheDefaultModelScoresNearItsPyTorchTop1()
    {
        TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        // 200 images in batches of 64: three full batches and a last one of 8 (a second plan).
        var r = CliHarness.Run("eval", CliHarness.DefaultModel, "--dataset", "fashion-mnist", "--limit", "200", "--batch", "64", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(200, root.GetProperty("count").GetInt32());
        Assert.Equal("fashion-mnist", root.GetProperty("dataset").GetString());
        double top1 = root.GetProperty("top1").GetDouble();
        Assert.Equal(root.GetProperty("correct").GetInt32() / 200.0, top1, 6);
        // PyTorch measures 0.8474 on all 10,000 images; 200 images leave about ±0.05 of sampling noise.
        Assert.InRange(top1, 0.78, 0.92);
        Assert.Contains("eval: 200/200 images (100%)", r.Stderr);

        var text = CliHarness.Run("eval", CliHarness.DefaultModel, "--dataset", "fashion-mnist", "--limit", "100");
        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"top-1     0\.\d{4} \(\d+/100\)", text.Stdout);
        Assert.Contains("images/s", text.Stdout);
    }

    [SkippableFact]
    public void AModelThatDoesNotTakeFashionMnistImagesIsAnError()
    {
        TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        string model = CliHarness.WriteAddReluModel(_dir);
        var r = CliHarness.Run("eval", model, "--dataset", "fashion-mnist", "--limit", "10");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("input 'x' has shape [?,4]", r.Stderr);
    }
}
