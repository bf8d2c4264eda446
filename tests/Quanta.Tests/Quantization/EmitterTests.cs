using Quanta.Core;
using Quanta.Formats.Onnx;
using Quanta.Quantization;
using Quanta.Tests.Support;
using Xunit;
using static Quanta.Tests.PostTraining.QuantizerTestModels;

namespace Quanta.Tests.PostTraining;

public class EmitterTests
{
    private static readonly Shape s_sample = new(1, 2, 6, 6);

    private static QuantizationResult Quantize(QuantizationMode mode, DataType io = DataType.Float32) =>
        new Quantizer(new QuantizationOptions { Mode = mode, Samples = 40, BatchSize = 16, InputOutputType = io })
            .Quantize(ConvReluPoolFc(), mode.NeedsCalibration() ? new RandomData(s_sample, 60) : null);

    private static Tensor Inputs(int n) => new RandomData(s_sample, 1000, 7).Batch(0, n)[0];

    [Fact]
    public void QdqFormQuantizesEveryActivationAndStoresIntegerWeights()
    {
        var emitted = OnnxQdqEmitter.Emit(Quantize(QuantizationMode.Int8));
        var g = emitted.Model.Graph;
        var ops = g.Nodes.Select(n => n.OpType).ToList();
        // The Relu is gone: the QuantizeLinear after the Conv clamps at real 0 (zero point −128).
        Assert.DoesNotContain("Relu", ops);
        Assert.Equal(["Conv", "MaxPool", "Flatten", "Gemm"], ops.Where(o => o is not ("QuantizeLinear" or "DequantizeLinear" or "Mul")));
        // x, relu output, pool, flatten, y: five activations quantized and dequantized.
        Assert.Equal(5, ops.Count(o => o == "QuantizeLinear"));
        // Weights: int8 in [−127, 127] behind a per-channel DequantizeLinear; biases int32.
        var weights = g.Nodes.Where(n => n.OpType == "DequantizeLinear" && n.Inputs[0]!.IsConstant).Select(n => n.Inputs[0]!.Constant!).ToList();
        Assert.Equal(2, weights.Count(t => t.Type == DataType.Int8));
        Assert.Equal(2, weights.Count(t => t.Type == DataType.Int32));
        Assert.All(weights.Where(t => t.Type == DataType.Int8), t => Assert.True(t.AsSpan<sbyte>().ToArray().Min() >= -127));
        // Activations are int8 (S8S8) and the output keeps its name and float type.
        Assert.All(g.Nodes.Where(n => n.OpType == "QuantizeLinear"), n => Assert.Equal(DataType.Int8, n.Outputs[0].Type));
        Assert.Equal("y", g.Outputs[0].Name);
        Assert.Equal(DataType.Float32, g.Outputs[0].Type);
        // Per-layer observables point at float values of the quantized graph.
        Assert.All(emitted.Observables.Values, name => Assert.Equal(DataType.Float32, g.GetValue(name).Type));
        Assert.Contains("r", emitted.Observables.Keys);
    }

    [Fact]
    public void Int8InterfaceTakesAndReturnsInt8WithTheirParameters()
    {
        var result = Quantize(QuantizationMode.Int8, DataType.Int8);
        var g = OnnxQdqEmitter.Emit(result).Model.Graph;
        Assert.Equal(DataType.Int8, g.Inputs[0].Type);
        Assert.Equal(result.Plan.Find("x")!.Params, g.Inputs[0].Quant);
        Assert.Equal(DataType.Int8, g.Outputs[0].Type);
        Assert.Equal("y", g.Outputs[0].Name);
        Assert.Equal(result.Plan.Find("y")!.Params, g.Outputs[0].Quant);
    }

    [Fact]
    public void QdqModelRunsInOnnxRuntimeCloseToTheFloatModel()
    {
        var result = Quantize(QuantizationMode.Int8);
        var x = Inputs(8);
        using var reference = new OrtRunner(OnnxExporter.Export(result.FloatModel));
        using var quantized = new OrtRunner(OnnxExporter.Export(OnnxQdqEmitter.Emit(result).Model));
        var sqnr = new Sqnr();
        sqnr.Add(reference.Run(x), quantized.Run(x));
        // 8-bit weights and activations through two layers: well above 20 dB, far from exact.
        Assert.InRange(sqnr.Decibels, 20, 60);
    }

    [Fact]
    public void DynamicFormUsesDequantizedConvWeightsAndMatMulIntegerForFullyConnected()
    {
        var emitted = OnnxDynamicEmitter.Emit(Quantize(QuantizationMode.Dynamic));
        var g = emitted.Model.Graph;
        var ops = g.Nodes.Select(n => n.OpType).ToList();
        Assert.Contains("DynamicQuantizeLinear", ops);
        Assert.Contains("MatMulInteger", ops);
        Assert.DoesNotContain("Gemm", ops);
        Assert.Single(ops, o => o == "DequantizeLinear");
        // MatMulInteger reads the weights as [in, out].
        var mm = g.Nodes.Single(n => n.OpType == "MatMulInteger");
        Assert.Equal(new Shape(27, 4), mm.Inputs[1]!.Constant!.Shape);
        Assert.Equal("y", g.Outputs[0].Name);
        Assert.Contains("r", emitted.Observables.Keys);

        var x = Inputs(8);
        using var reference = new OrtRunner(OnnxExporter.Export(ConvReluPoolFc()));
        using var quantized = new OrtRunner(OnnxExporter.Export(emitted.Model));
        var sqnr = new Sqnr();
        sqnr.Add(reference.Run(x), quantized.Run(x));
        Assert.InRange(sqnr.Decibels, 25, 80);
    }

    [Fact]
    public void Float16FormComputesWithHalfRoundedWeights()
    {
        var emitted = OnnxFloat16Emitter.Emit(Quantize(QuantizationMode.Float16));
        var g = emitted.Model.Graph;
        Assert.Equal(4, g.Nodes.Count(n => n.OpType == "Cast"));
        Assert.All(g.Nodes.Where(n => n.OpType == "Cast"), n => Assert.Equal(DataType.Float16, n.Inputs[0]!.Type));

        // Reference: the float model with each weight rounded to half and back.
        var rounded = ConvReluPoolFc();
        foreach (var c in rounded.Graph.Constants.Where(c => c.Constant!.ElementCount > 1).ToList())
        {
            var s = c.Constant!.AsSpan<float>();
            for (int i = 0; i < s.Length; i++) s[i] = (float)(Half)s[i];
        }
        var x = Inputs(4);
        var expected = Passes.PassTestGraphs.Run(rounded, x);
        Assert.Equal(expected, Passes.PassTestGraphs.Run(emitted.Model, x));
        using var ort = new OrtRunner(OnnxExporter.Export(emitted.Model));
        var fromOrt = ort.Run(x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], fromOrt[i], 4);
    }

    [Fact]
    public void EachFormRefusesAnotherModesPlan()
    {
        var dynamic = Quantize(QuantizationMode.Dynamic);
        Assert.Throws<UnsupportedException>(() => OnnxQdqEmitter.Emit(dynamic));
        Assert.Throws<UnsupportedException>(() => OnnxFloat16Emitter.Emit(dynamic));
        Assert.Throws<UnsupportedException>(() => OnnxDynamicEmitter.Emit(Quantize(QuantizationMode.Float16)));
    }
}
