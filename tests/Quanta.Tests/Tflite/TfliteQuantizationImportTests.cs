using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Tflite;
using tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Quantization parameters, on hello_world_int8.tflite edited through the object API and re-packed.
public class TfliteQuantizationImportTests
{
    private const string Weights = "sequential/dense/MatMul"; // int8 [16,1], per-tensor in the file
    private const string Input = "serving_default_dense_input:0";

    private static byte[] EditTensor(string file, string tensorName, Action<TensorT> edit)
    {
        var model = TfliteModelBuilder.Unpack(File.ReadAllBytes(TfliteTestFiles.Model(file)));
        edit(model.Subgraphs[0].Tensors.Single(t => t.Name == tensorName));
        return TfliteModelBuilder.Pack(model);
    }

    private static QuantizationParameterException ImportFails(Action<QuantizationParametersT> edit, string tensor = Weights)
    {
        byte[] bytes = EditTensor("hello_world_int8.tflite", tensor, t => edit(t.Quantization));
        var e = Assert.Throws<QuantizationParameterException>(() => ModelLoader.Load(bytes, "edited.tflite", null));
        Assert.Equal(tensor, e.TensorName);
        Assert.Contains($"'{tensor}'", e.Message);
        return e;
    }

    [SkippableFact]
    public void TheUneditedRepackedModelImports()
    {
        byte[] bytes = EditTensor("hello_world_int8.tflite", Weights, _ => { });
        var w = TfliteImporter.Import(bytes, "repacked").Graph.GetValue(Weights);
        Assert.Equal(0.004039f, w.Quant!.Scale, 5);
        Assert.Equal(0, w.Quant.ZeroPoint);
    }

    [SkippableFact]
    public void MismatchedScaleAndZeroPointCounts() =>
        Assert.Contains("2 scales but 1 zero points", ImportFails(q => q.Scale = [0.1f, 0.2f]).Message);

    [SkippableFact]
    public void AScaleWithoutZeroPoints() =>
        Assert.Contains("1 scales but 0 zero points", ImportFails(q => q.ZeroPoint = []).Message);

    [SkippableTheory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonPositiveOrNonFiniteScales(float scale) =>
        Assert.Contains("must be finite and positive", ImportFails(q => q.Scale = [scale]).Message);

    [SkippableFact]
    public void ZeroPointsOutsideTheTypesRange()
    {
        Assert.Contains("outside the range of Int8", ImportFails(q => q.ZeroPoint = [200], Input).Message);
        Assert.Contains("outside the range of Int8", ImportFails(q => q.ZeroPoint = [-129], Input).Message);
        Assert.Contains("does not fit in 32 bits", ImportFails(q => q.ZeroPoint = [1L << 40]).Message);
    }

    [SkippableFact]
    public void PerAxisCountsMustMatchTheDimension()
    {
        var e = ImportFails(q => { q.Scale = [0.1f, 0.2f, 0.3f]; q.ZeroPoint = [0, 0, 0]; q.QuantizedDimension = 0; });
        Assert.Contains("3 scales for dimension 0 of size 16", e.Message);
        var axis = ImportFails(q => { q.Scale = [.. Enumerable.Repeat(0.1f, 16)]; q.ZeroPoint = [.. new long[16]]; q.QuantizedDimension = 5; });
        Assert.Contains("quantized dimension 5", axis.Message);
    }

    [SkippableFact]
    public void PerAxisParametersAlongTheQuantizedDimension()
    {
        float[] scales = [.. Enumerable.Range(1, 16).Select(i => i / 1000f)];
        byte[] bytes = EditTensor("hello_world_int8.tflite", Weights, t =>
        {
            t.Quantization.Scale = [.. scales];
            t.Quantization.ZeroPoint = [.. new long[16]];
            t.Quantization.QuantizedDimension = 0;
        });
        var q = TfliteImporter.Import(bytes, "per-axis").Graph.GetValue(Weights).Quant!;
        Assert.True(q.IsPerAxis);
        Assert.Equal(0, q.Axis);
        Assert.Equal(scales, q.Scales.ToArray());
    }

    [SkippableFact]
    public void MinMaxOnlyAndFloatTensorsCarryNoParameters()
    {
        byte[] minMax = EditTensor("hello_world_int8.tflite", Input, t =>
            t.Quantization = new QuantizationParametersT { Min = [-1f], Max = [1f], Details = new QuantizationDetailsUnion() });
        Assert.Null(TfliteImporter.Import(minMax, "minmax").Graph.Inputs[0].Quant);

        byte[] floatWithScale = EditTensor("hello_world_float.tflite", Input, t => t.Quantization = TfliteModelBuilder.Quant(0.5f, 3));
        Assert.Null(TfliteImporter.Import(floatWithScale, "float").Graph.Inputs[0].Quant);
    }

    [SkippableFact]
    public void EveryQuantizedTensorOfTheFileGetsItsParameters()
    {
        var g = TfliteImporter.Import(File.ReadAllBytes(TfliteTestFiles.Model("hello_world_int8.tflite")), "hw").Graph;
        // All ten tensors are quantized (7 int8, 3 int32 biases with zero point 0).
        Assert.Equal(10, g.Values.Count(v => v.Quant is not null));
        foreach (var bias in g.Values.Where(v => v.Type == DataType.Int32))
        {
            Assert.Equal(0, bias.Quant!.ZeroPoint);
            Assert.True(bias.IsConstant);
        }
    }
}
