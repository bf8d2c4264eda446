using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Quantization;
using Quanta.Runtime;
using Xunit;
using static Quanta.Tests.PostTraining.QuantizerTestModels;

namespace Quanta.Tests.TfliteExport;

public class TfliteEmitterTests
{
    private static readonly Shape s_sample = new(1, 2, 6, 6);

    private static QuantizationResult Quantize(QuantizationMode mode, IReadOnlyList<string>? exclude = null) =>
        new Quantizer(new QuantizationOptions { Mode = mode, Samples = 40, BatchSize = 1, VerificationSamples = 0, Exclude = exclude ?? [] })
            .Quantize(ConvReluPoolFc(), mode.NeedsCalibration() ? new RandomData(s_sample, 40) : null);

    [Fact]
    public void Int8GraphIsNhwcWithTheReluFusedAndTheFloatInterfaceKept()
    {
        var g = TfliteEmitter.Emit(Quantize(QuantizationMode.Int8)).Model.Graph;
        Assert.Equal(["QUANTIZE", "TRANSPOSE", "CONV_2D", "MAX_POOL_2D", "TRANSPOSE", "RESHAPE", "FULLY_CONNECTED", "DEQUANTIZE"], g.Nodes.Select(n => n.OpType));
        Assert.Equal("RELU", g.Nodes[2].Attributes.GetString("fused_activation_function", ""));
        Assert.Equal(new Shape(Shape.Unknown, 2, 6, 6), g.Inputs[0].Shape);
        Assert.Equal((DataType.Float32, "y"), (g.Outputs[0].Type, g.Outputs[0].Name));
        // The conv output is the Relu's value: its zero point is the int8 minimum (range [0, max]).
        Assert.Equal(-128, g.Nodes[2].Outputs[0].Quant!.ZeroPoint);
        // MAX_POOL, TRANSPOSE, RESHAPE keep their input's parameters, as TFLite requires.
        Assert.Equal(g.Nodes[2].Outputs[0].Quant, g.Nodes[5].Outputs[0].Quant);
    }

    [Fact]
    public void ExcludedNodesStayFloatBetweenDequantizeAndQuantize()
    {
        var result = Quantize(QuantizationMode.Int8, ["fc"]);
        var g = TfliteEmitter.Emit(result).Model.Graph;
        var fc = g.Nodes.Single(n => n.OpType == "FULLY_CONNECTED");
        Assert.Equal(DataType.Float32, fc.Inputs[0]!.Type);
        Assert.Equal(DataType.Float32, fc.Inputs[1]!.Type);
        Assert.Equal("DEQUANTIZE", fc.Inputs[0]!.Producer!.OpType);
        Assert.Equal(fc.Outputs[0], g.Outputs[0]);
        Assert.Single(g.Nodes, n => n.OpType == "DEQUANTIZE");
        using var session = new InferenceSession(TfliteImporter.Import(TfliteExporter.Export(TfliteEmitter.Emit(result).Model), "t"));
        var x = new RandomData(s_sample, 1, 3).Batch(0, 1)[0];
        using var reference = new InferenceSession(result.FloatModel);
        var expected = reference.Run(x)[0].ToArray<float>();
        var actual = session.Run(x)[0].ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.InRange(actual[i] - expected[i], -0.1f, 0.1f);
    }

    [Fact]
    public void OpsWithoutATfliteFormAreNamed()
    {
        var model = ConvReluPoolFc();
        var g = model.Graph;
        var y = g.Outputs[0];
        var z = g.AddValue("z");
        g.AddNode("Erf", [y], [z], "mystery");
        g.Outputs[0] = z;
        var result = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Float16, VerificationSamples = 0 }).Quantize(model);
        var e = Assert.Throws<UnsupportedException>(() => TfliteEmitter.Emit(result));
        Assert.Contains("Erf 'mystery'", e.Message);
    }
}
