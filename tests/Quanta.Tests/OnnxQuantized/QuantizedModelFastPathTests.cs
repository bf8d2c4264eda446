using Quanta.Core;
using Quanta.Formats;
using Quanta.Quantization;
using Quanta.Runtime;
using Quanta.Tests.Optimized;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// A reference model quantized by Quanta (int8 QDQ, S8S8, per-channel weights) runs on the optimized
/// int8 kernels after fusion and NHWC lowering, with exactly the outputs of the NCHW reference QLinear kernels.
/// </summary>
public class QuantizedModelFastPathTests
{
    [SkippableFact]
    public void QuantizedFashionMnistMobileNetIsBitExactOnTheFastKernels()
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", "fmnist_mobilenet_v1.onnx"), "shared/models/onnx");
        var images = FashionMnistImages.First(200);
        var model = ModelLoader.Load(path);
        var data = CalibrationDatasets.Open("fashion-mnist", DataType.Float32, model.Graph.Inputs[0].Shape!);
        var result = new Quantizer(new QuantizationOptions { Samples = 64, VerificationSamples = 8 }).Quantize(model, data);
        var qdq = OnnxQdqEmitter.Emit(result).Model;

        using var fast = new InferenceSession(qdq);
        using var reference = new InferenceSession(qdq, new SessionOptions { OptimizeGraph = false });
        var expected = reference.Run(images)[0].ToArray<float>();
        var actual = fast.Run(images)[0].ToArray<float>();
        Assert.Equal(expected, actual);

        var steps = fast.PlanFor([images]).Steps;
        var layers = steps.Where(s => s.Node.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED").ToList();
        Assert.True(layers.Count >= 10, $"only {layers.Count} lowered conv/fc layers");
        Assert.All(layers, s => Assert.StartsWith("qs8-", s.KernelName));
        Assert.DoesNotContain(steps, s => s.Node.OpType is "QLinearConv" or "QGemm" or "QLinearMatMul" or "Conv" or "Gemm" or "MatMul");
        Assert.DoesNotContain(steps, s => s.KernelName.EndsWith("-ref", StringComparison.Ordinal) && s.Node.OpType is not ("QuantizeLinear" or "DequantizeLinear" or "Transpose" or "Reshape" or "Flatten" or "QLinearGlobalAveragePool"));
        // The reference session really is the other path.
        Assert.Contains(reference.PlanFor([images]).Steps, s => s.Node.OpType == "QLinearConv");
    }
}
