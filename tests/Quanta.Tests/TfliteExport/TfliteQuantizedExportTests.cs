using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Tflite;
using Quanta.Quantization;
using Quanta.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Quanta.Tests.TfliteExport.FashionMnistTflite;

namespace Quanta.Tests.TfliteExport;

public class TfliteQuantizedExportTests(ITestOutputHelper output)
{
    private static long FloatFileBytes => new FileInfo(ModelPath).Length;

    [SkippableFact]
    public void Int8ExportIsAccurateSmallAndReimportsIdentically()
    {
        var e = Get(QuantizationMode.Int8);
        double floatTop1 = Accuracy(FloatLogits);
        var logits = Run(e.Reimported, Images.Value);
        double top1 = Accuracy(logits);
        output.WriteLine($"float {floatTop1:P1}, int8 TFLite {top1:P1}, {e.Bytes.Length} bytes ({e.Bytes.Length / (double)FloatFileBytes:F3}× the float ONNX file)");
        Assert.InRange(floatTop1 - top1, -1, 0.015);
        Assert.True(e.Bytes.Length <= 0.30 * FloatFileBytes, $"{e.Bytes.Length} bytes");
        Assert.Equal(Run(e.Emitted.Model, Images.Value), logits);
        // Integer ops only between the QUANTIZE at the input and the DEQUANTIZE at the output.
        var ops = e.Reimported.Graph.Nodes.Select(n => n.OpType).ToList();
        Assert.Equal(1, ops.Count(o => o == "QUANTIZE"));
        Assert.Equal(1, ops.Count(o => o == "DEQUANTIZE"));
        Assert.All(e.Reimported.Graph.Nodes.Where(n => n.OpType != "QUANTIZE"), n => Assert.Equal(DataType.Int8, n.Inputs[0]!.Type));
    }

    [SkippableFact]
    public void Int8WeightsArePerChannelAndBiasScalesAreInputTimesWeightScale()
    {
        var g = Get(QuantizationMode.Int8).Reimported.Graph;
        var weighted = g.Nodes.Where(n => n.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED").ToList();
        Assert.Contains(weighted, n => n.OpType == "DEPTHWISE_CONV_2D");
        foreach (var n in weighted)
        {
            var (x, w, b) = (n.Inputs[0]!, n.Inputs[1]!, n.Inputs[2]!);
            int axis = n.OpType == "DEPTHWISE_CONV_2D" ? 3 : 0;
            Assert.Equal(DataType.Int8, w.Type);
            Assert.Equal(axis, w.Quant!.Axis);
            Assert.Equal(w.Shape![axis], w.Quant.Count);
            Assert.All(w.Quant.ZeroPoints.ToArray(), z => Assert.Equal(0, z));
            Assert.True(w.Constant!.AsSpan<sbyte>().ToArray().Min() >= -127);
            Assert.Equal(DataType.Int32, b.Type);
            for (int c = 0; c < b.Quant!.Count; c++) Assert.Equal(x.Quant!.Scale * w.Quant.ScaleAt(c), b.Quant.ScaleAt(c));
        }
    }

    [SkippableFact]
    public void Int8InterfaceTakesAndReturnsInt8()
    {
        var e = Get(QuantizationMode.Int8, DataType.Int8);
        var g = e.Reimported.Graph;
        Assert.Equal(DataType.Int8, g.Inputs[0].Type);
        Assert.Equal(DataType.Int8, g.Outputs[0].Type);
        Assert.DoesNotContain(g.Nodes, n => n.OpType is "QUANTIZE" or "DEQUANTIZE");
        Assert.InRange(Accuracy(FloatLogits) - Accuracy(Run(e.Reimported, Images.Value)), -1, 0.015);
    }

    [SkippableFact]
    public void Int16x8ExportIsAccurate()
    {
        var e = Get(QuantizationMode.Int16x8);
        double floatTop1 = Accuracy(FloatLogits), top1 = Accuracy(Run(e.Reimported, Images.Value));
        output.WriteLine($"float {floatTop1:P1}, int16x8 TFLite {top1:P1}, {e.Bytes.Length} bytes");
        Assert.InRange(floatTop1 - top1, -1, 0.005);
        var g = e.Reimported.Graph;
        var conv = g.Nodes.First(n => n.OpType == "CONV_2D");
        Assert.Equal(DataType.Int16, conv.Inputs[0]!.Type);
        Assert.Equal(0, conv.Inputs[0]!.Quant!.ZeroPoint);
        Assert.Equal(DataType.Int8, conv.Inputs[1]!.Type);
        Assert.Equal(DataType.Int64, conv.Inputs[2]!.Type);
        Assert.Equal(Run(e.Emitted.Model, Images.Value), Run(e.Reimported, Images.Value));
    }

    [SkippableFact]
    public void Float16ExportStoresHalfWeightsAndMatchesTheFloatModel()
    {
        var e = Get(QuantizationMode.Float16);
        output.WriteLine($"float16 TFLite {e.Bytes.Length} bytes ({e.Bytes.Length / (double)FloatFileBytes:F3}×)");
        Assert.True(e.Bytes.Length <= 0.52 * FloatFileBytes, $"{e.Bytes.Length} bytes");
        var g = e.Reimported.Graph;
        Assert.Contains(g.Constants, c => c.Type == DataType.Float16);
        Assert.DoesNotContain(g.Constants, c => c.Type == DataType.Float32 && c.Constant!.ElementCount > 1);
        Assert.All(g.Nodes.Where(n => n.OpType == "DEQUANTIZE"), n => Assert.Equal(DataType.Float16, n.Inputs[0]!.Type));
        var logits = Run(e.Reimported, Images.Value);
        Assert.InRange(Math.Abs(Accuracy(FloatLogits) - Accuracy(logits)), 0, 0.002);
    }

    [SkippableFact]
    public void DynamicExportUsesInt8WeightsWithFloatActivations()
    {
        var e = Get(QuantizationMode.Dynamic);
        output.WriteLine($"dynamic TFLite {e.Bytes.Length} bytes ({e.Bytes.Length / (double)FloatFileBytes:F3}×)");
        Assert.True(e.Bytes.Length <= 0.30 * FloatFileBytes, $"{e.Bytes.Length} bytes");
        var g = e.Reimported.Graph;
        var weighted = g.Nodes.Where(n => n.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED").ToList();
        Assert.All(weighted, n => Assert.Equal((DataType.Float32, DataType.Int8), (n.Inputs[0]!.Type, n.Inputs[1]!.Type)));
        double floatTop1 = Accuracy(FloatLogits), top1 = Accuracy(Run(e.Reimported, Images.Value));
        output.WriteLine($"float {floatTop1:P1}, dynamic TFLite {top1:P1}");
        Assert.InRange(floatTop1 - top1, -1, 0.01);
    }

    /// <summary>MobileNet v2 has the most channels per weight of the three models: its per-channel
    /// scales and zero points are what the 0.30× bound of the issue leaves room for.</summary>
    [SkippableTheory]
    [InlineData(QuantizationMode.Int8)]
    [InlineData(QuantizationMode.Dynamic)]
    public void MobileNetV2IsUnderThirtyPercentOfTheFloatFile(QuantizationMode mode)
    {
        string path = TestData.Require(TestData.SharedPath("models", "onnx", "fmnist_mobilenet_v2.onnx"), "the shared folder (shared/models/onnx)");
        var model = ModelLoader.Load(path);
        var data = mode.NeedsCalibration() ? new PostTraining.QuantizerTestModels.RandomData(new Shape(1, 1, 28, 28), 16) : null;
        var result = new Quantizer(new QuantizationOptions { Mode = mode, Samples = 16, BatchSize = 8, VerificationSamples = 0 }).Quantize(model, data);
        long bytes = TfliteExporter.Export(TfliteEmitter.Emit(result).Model).LongLength;
        output.WriteLine($"{mode}: {bytes} bytes, {bytes / (double)new FileInfo(path).Length:F3}× the float file");
        Assert.True(bytes <= 0.30 * new FileInfo(path).Length, $"{bytes} bytes");
    }

    [SkippableFact]
    public void QuantizingTwiceGivesTheSameBytes()
    {
        var first = Get(QuantizationMode.Int8).Bytes;
        var again = Quantize(QuantizationMode.Int8).Bytes;
        Assert.Equal(first, again);
    }
}
