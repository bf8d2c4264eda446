using Quanta.Core;
using Quanta.Data.Datasets;
using Quanta.Data.Metrics;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Cli;

/// <summary>The README's library example, compiled and run, so that it stays true.</summary>
public class ReadmeExampleTests
{
    [SkippableFact]
    public void TheLibraryExampleRunsAndPrintsWhatTheReadmeSays()
    {
        TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        string modelPath = CliHarness.DefaultModel;

        // --- README: library example ---
        using var session = new InferenceSession(modelPath);                // ONNX or TFLite, by content
        var test = FashionMnist.Load(FashionMnistSplit.Test);                // /usr/share/datasets/fashion-mnist
        Tensor batch = FashionMnistPreprocessing.ToTensor(test, start: 0, count: 8); // float32 [8,1,28,28]
        Tensor logits = session.Run(batch)[0];                               // float32 [8,10]
        int[] predicted = Classification.ArgMaxRows(logits);
        string line = string.Join(" ", predicted);
        // --- end ---

        Assert.Equal(new Shape(8, 10), logits.Shape);
        Assert.Equal("9 2 1 1 6 1 4 6", line);
        Assert.Equal(test.Labels[..8].ToArray().Select(l => (int)l), predicted);
    }
}
