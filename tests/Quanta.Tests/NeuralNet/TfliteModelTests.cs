using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.NeuralNet;

/// <summary>Whole float TFLite models through the importer and the float kernels.</summary>
public class TfliteModelTests
{
    [SkippableFact]
    public void HelloWorldFloatApproximatesSine()
    {
        // TFLite Micro's hello_world: three FULLY_CONNECTED layers (RELU) trained on y = sin(x), x ∈ [0, 2π].
        string path = TestData.Require(TestData.SharedPath("models", "tflite", "hello_world_float.tflite"), "the shared models folder");
        using var session = new InferenceSession(path);
        double worst = 0;
        for (int i = 0; i <= 60; i++)
        {
            float x = i * 2 * MathF.PI / 60;
            var y = session.Run(Tensor.FromArray(new Shape(1, 1), [x]))[0].ToArray<float>()[0];
            worst = Math.Max(worst, Math.Abs(y - Math.Sin(x)));
        }
        Assert.InRange(worst, 0, 0.1);
    }
}
