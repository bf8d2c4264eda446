using Quanta.Formats;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// The NHWC lowering (and the fusions after it) computes what the literal ONNX graph computes:
/// the Fashion-MNIST reference models on the first 16 test images, lowered and not, on the
/// reference kernels, agree within 1e-4 relative to the logits' scale.
/// </summary>
public class NhwcLoweringModelTests
{
    [SkippableTheory]
    [InlineData("fmnist_mobilenet_v1.onnx")]
    [InlineData("fmnist_mobilenet_v2.onnx")]
    [InlineData("fmnist_resnet18.onnx")]
    public void LoweredModelMatchesLiteralGraph(string file)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", file), "shared/models/onnx");
        var model = ModelLoader.Load(path);
        var images = FashionMnistImages.First(16);
        using var literal = new InferenceSession(model, new SessionOptions { OptimizeGraph = false, MaxIsa = Isa.Reference });
        using var lowered = new InferenceSession(model, new SessionOptions { MaxIsa = Isa.Reference });

        var plan = lowered.PlanFor([images]);
        Assert.DoesNotContain(plan.Steps, s => s.Node.OpType is "Conv" or "Gemm" or "GlobalAveragePool");
        // Only the model input's transpose remains: everything after it runs NHWC.
        Assert.Single(plan.Steps, s => s.Node.OpType == "Transpose");

        var expected = literal.Run(images)[0].ToArray<float>();
        var actual = lowered.Run(images)[0].ToArray<float>();
        AssertClose(expected, actual, 1e-4f);
    }

    /// <summary>|a − e| ≤ tolerance · max(1, max |e|) element by element.</summary>
    internal static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = Math.Max(1f, expected.Max(MathF.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual[i]);
            Assert.True(error <= tolerance * scale, $"element {i}: expected {expected[i]}, got {actual[i]} (error {error}, allowed {tolerance * scale})");
        }
    }
}
