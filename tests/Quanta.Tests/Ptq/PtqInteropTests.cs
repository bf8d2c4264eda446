using Quanta.Formats;
using Xunit;
using Xunit.Abstractions;

namespace Quanta.Tests.Ptq;

/// <summary>
/// Every ONNX file Quanta exports (int8 QDQ and QOperator, dynamic, float16) loads and runs in ONNX
/// Runtime, and on the first 1,000 test images ORT and Quanta agree on top-1 for at least 99.5% of
/// them, with outputs at most 2 quantization steps of the last quantized tensor apart (the weight-only
/// forms, whose outputs are float: within a small float tolerance).
/// </summary>
[Collection(PtqCollection.Name)]
public sealed class PtqInteropTests(PtqModels models, ITestOutputHelper output)
{
    public static TheoryData<string, PtqForm> Cases
    {
        get
        {
            var data = new TheoryData<string, PtqForm>();
            foreach (string name in new[] { "fmnist_mobilenet_v1", "fmnist_mobilenet_v2", "fmnist_resnet18" })
            {
                foreach (var form in new[] { PtqForm.Int8Qdq, PtqForm.Int8QOperator, PtqForm.Dynamic, PtqForm.Float16 })
                    data.Add(name, form);
            }
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntimeRunsTheExportedModelLikeQuanta(string name, PtqForm form)
    {
        var ort = models.OrtOutputs(name, form);
        var quanta = models.QuantaOutputs(name, form);
        int n = PtqModels.InteropImages, agree = 0;
        double maxDiff = 0;
        for (int i = 0; i < n; i++)
        {
            var a = ort.AsSpan(i * 10, 10);
            var b = quanta.AsSpan(i * 10, 10);
            agree += PtqModels.ArgMax(a) == PtqModels.ArgMax(b) ? 1 : 0;
            for (int j = 0; j < 10; j++) maxDiff = Math.Max(maxDiff, Math.Abs(a[j] - b[j]));
        }
        double tolerance = Tolerance(models.Bytes(name, form), form);
        output.WriteLine($"{name} {form}: top-1 agreement {agree}/{n}, largest difference {maxDiff:G4} (tolerance {tolerance:G4})");
        Assert.True(agree >= 0.995 * n, $"ORT and Quanta agree on {agree} of {n} images");
        Assert.True(maxDiff <= tolerance, $"outputs differ by {maxDiff:G4}, more than {tolerance:G4}");
    }

    /// <summary>
    /// int8: two steps of the output's DequantizeLinear scale (the last quantized tensor). Weight-only
    /// forms compute in float in both runtimes, in different summation orders. Float16: 2e-3 on
    /// logits of magnitude ~10–40 (the float models' own ORT/Quanta agreement is ~1e-5). Dynamic:
    /// 0.02, because the fully-connected input is quantized at run time from a float tensor that
    /// differs in the last bits between the runtimes, so a code may round the other way (one step
    /// of the dynamic input scale times the weights).
    /// </summary>
    private static double Tolerance(byte[] file, PtqForm form)
    {
        if (form == PtqForm.Float16) return 2e-3;
        if (form == PtqForm.Dynamic) return 0.02;
        var g = ModelLoader.Load(file, "quantized.onnx", null).Graph;
        var dq = g.Outputs[0].Producer;
        Assert.NotNull(dq);
        Assert.Equal("DequantizeLinear", dq.OpType);
        var scale = dq.Inputs[1]!.Constant!;
        Assert.Equal(1, scale.ElementCount);
        return 2 * scale.AsSpan<float>()[0] + 1e-6;
    }
}
