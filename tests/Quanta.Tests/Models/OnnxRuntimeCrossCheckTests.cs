using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Quanta.Core;
using Quanta.Data.Datasets;
using Quanta.Tests.Support;
using Xunit;
using OrtSession = Microsoft.ML.OnnxRuntime.InferenceSession;
using QuantaSession = Quanta.Runtime.InferenceSession;
using Tensor = Quanta.Core.Tensor;

namespace Quanta.Tests.Models;

/// <summary>
/// Quanta's float runtime against ONNX Runtime on real models: the three Fashion-MNIST CNNs of
/// ../shared/models/onnx on the first 100 test images, and an ImageNet ResNet-18 exported by CNTK
/// that no one here trained. Tolerance (the issue's): |a − b| ≤ 1e-4 · max|b| + 1e-6.
/// </summary>
public class OnnxRuntimeCrossCheckTests
{
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteTolerance = 1e-6;

    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v1.onnx")]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void FashionMnistLogitsEqualOnnxRuntime(string file)
    {
        string model = TestData.Require(TestData.SharedPath("models", "onnx", file), "../shared");
        TestData.Require(TestData.FashionMnist, "apt package dataset-fashion-mnist");
        var test = FashionMnist.Load(FashionMnistSplit.Test);
        var input = FashionMnistPreprocessing.ToTensor(test, 0, 100);

        using var session = new QuantaSession(model);
        var ours = session.Run(input)[0].ToArray<float>();
        var theirs = RunOrt(model, "input", input);
        AssertClose(theirs, ours, file);
    }

    [SkippableFact]
    public void CntkResNet18FeaturesEqualOnnxRuntime()
    {
        string package = typeof(OnnxRuntimeCrossCheckTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ResNet18PackagePath").Value ?? "";
        string model = TestData.Require(Path.Combine(package, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"),
            "NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1");
        using var session = new QuantaSession(model);
        Assert.Equal("Input247", session.Inputs[0].Name);
        Assert.Equal("Pooling395_Output_0", session.Outputs[0].Name);

        var rng = new Random(2024);
        for (int image = 0; image < 2; image++)
        {
            // Pixel-like values in the range the featurizer's preprocessing feeds (0..255 minus a mean).
            var pixels = new float[3 * 224 * 224];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(rng.NextDouble() * 255 - 120);
            var input = Tensor.FromArray(new Shape(1, 3, 224, 224), pixels);
            var ours = session.Run(input)[0];
            Assert.Equal(new Shape(1, 512, 1, 1), ours.Shape);
            AssertClose(RunOrt(model, "Input247", input), ours.ToArray<float>(), $"ResNet18 image {image}");
        }
    }

    private static float[] RunOrt(string model, string inputName, Tensor input)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        using var ort = new OrtSession(model, options);
        var dense = new DenseTensor<float>(input.ToArray<float>(), input.Shape.ToArray());
        using var results = ort.Run([NamedOnnxValue.CreateFromTensor(inputName, dense)]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = expected.Max(v => Math.Abs((double)v));
        double bound = RelativeTolerance * maxAbs + AbsoluteTolerance;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)expected[i] - actual[i]);
            if (d > worst) (worst, worstAt) = (d, i);
        }
        Assert.True(worst <= bound, $"{what}: element {worstAt} differs by {worst:G4} (ORT {expected[Math.Max(worstAt, 0)]}, Quanta {actual[Math.Max(worstAt, 0)]}); bound {bound:G4}");
    }
}
