using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Tflite;

// End to end: a float TFLite model imported and run by the session. Needs the float
// FULLY_CONNECTED schema and reference kernel (written alongside the importer).
public class HelloWorldFloatInferenceTests
{
    [SkippableFact]
    public void HelloWorldFloatPredictsSine()
    {
        using var session = new InferenceSession(TfliteTestFiles.Model("hello_world_float.tflite"));
        Assert.Equal(new Shape(Shape.Unknown, 1), session.Inputs[0].Shape);
        double worst = 0;
        const int samples = 100;
        for (int i = 0; i <= samples; i++)
        {
            float x = (float)(2 * Math.PI * i / samples);
            var y = session.Run(Tensor.FromArray(new Shape(1, 1), [x]))[0];
            Assert.Equal(new Shape(1, 1), y.Shape);
            worst = Math.Max(worst, Math.Abs(y.ToArray<float>()[0] - Math.Sin(x)));
        }
        // The model is a 16-16-1 MLP trained on noisy samples; it tracks sin within ~0.1.
        Assert.True(worst < 0.15, $"largest error {worst:F3} on [0, 2π]");
    }
}
