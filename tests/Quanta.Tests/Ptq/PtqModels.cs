using System.Collections.Concurrent;
using System.Text.Json;
using Quanta.Data.Datasets;
using Quanta.Formats;
using Quanta.Formats.Onnx;
using Quanta.Quantization;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Ptq;

/// <summary>The ONNX forms every reference model is exported in.</summary>
public enum PtqForm
{
    /// <summary>The float model as shipped.</summary>
    Float,
    /// <summary>int8, QDQ.</summary>
    Int8Qdq,
    /// <summary>int8, QOperator.</summary>
    Int8QOperator,
    /// <summary>Dynamic range.</summary>
    Dynamic,
    /// <summary>Half-precision weights.</summary>
    Float16,
}

/// <summary>PyTorch's figures for one reference model (the JSON beside it), as fractions.</summary>
public sealed record PyTorchFigures(double FloatTop1, double PtqTop1, double QatTop1);

/// <summary>
/// The three reference models of ../shared/models/onnx quantized once per test run with the default
/// options and the first 500 Fashion-MNIST training images (one int8 calibration serves QDQ and
/// QOperator; dynamic and float16 need none), each exported to ONNX bytes; Quanta's and ONNX
/// Runtime's outputs on the first test images are computed once and shared by the tests.
/// </summary>
public sealed class PtqModels : IDisposable
{
    /// <summary>Test images the accuracy checks use.</summary>
    public const int AccuracyImages = 2000;

    /// <summary>Test images the ONNX Runtime comparison uses.</summary>
    public const int InteropImages = 1000;

    /// <summary>Calibration images.</summary>
    public const int CalibrationImages = 500;

    private const int Batch = 100;
    private readonly ConcurrentDictionary<string, Lazy<Exported>> _exported = new();
    private readonly ConcurrentDictionary<(string, PtqForm), Lazy<float[]>> _quanta = new();
    private readonly ConcurrentDictionary<(string, PtqForm), Lazy<float[]>> _ort = new();
    private readonly Lazy<FashionMnist> _train = new(() => FashionMnist.Load(FashionMnistSplit.Train));
    private readonly Lazy<FashionMnist> _test = new(() => FashionMnist.Load(FashionMnistSplit.Test));

    /// <summary>The reference models' names (file names without .onnx).</summary>
    public static TheoryData<string> Names => new() { "fmnist_mobilenet_v1", "fmnist_mobilenet_v2", "fmnist_resnet18" };

    /// <summary>The path of model <paramref name="name"/>; skips (fails under CI) where it is missing.</summary>
    public static string ModelPath(string name) =>
        TestData.Require(TestData.SharedPath("models", "onnx", name + ".onnx"), "the reference models (../shared/models/onnx)");

    /// <summary>PyTorch's float, PTQ and QAT top-1 of model <paramref name="name"/>.</summary>
    public static PyTorchFigures PyTorch(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.SharedPath("models", "onnx", name + ".json")));
        var r = doc.RootElement;
        return new(r.GetProperty("float_top1").GetDouble(), r.GetProperty("torch_ptq_top1").GetDouble(), r.GetProperty("torch_qat_top1").GetDouble());
    }

    /// <summary>Fashion-MNIST's test split.</summary>
    public FashionMnist Test
    {
        get
        {
            TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
            return _test.Value;
        }
    }

    /// <summary>The ONNX file of <paramref name="name"/> in <paramref name="form"/>.</summary>
    public byte[] Bytes(string name, PtqForm form) => Export(name).Files[form];

    /// <summary>The int8 quantization result of <paramref name="name"/>.</summary>
    public QuantizationResult Int8Result(string name) => Export(name).Int8;

    /// <summary>Quanta's outputs ([images, 10], row-major) on the first <see cref="AccuracyImages"/> test
    /// images; for the QOperator form, which computes what the QDQ form's fused ops compute, on the
    /// first <see cref="InteropImages"/> only.</summary>
    public float[] QuantaOutputs(string name, PtqForm form) =>
        _quanta.GetOrAdd((name, form), k => new Lazy<float[]>(() =>
            RunQuanta(Bytes(k.Item1, k.Item2), k.Item2 == PtqForm.Int8QOperator ? InteropImages : AccuracyImages))).Value;

    /// <summary>ONNX Runtime's outputs on the first <see cref="InteropImages"/> test images.</summary>
    public float[] OrtOutputs(string name, PtqForm form) =>
        _ort.GetOrAdd((name, form), k => new Lazy<float[]>(() => RunOrt(Bytes(k.Item1, k.Item2), InteropImages))).Value;

    /// <summary>Top-1 of <paramref name="outputs"/> against the first test labels.</summary>
    public double Top1(float[] outputs)
    {
        var labels = Test.Labels;
        int n = outputs.Length / 10, correct = 0;
        for (int i = 0; i < n; i++) correct += ArgMax(outputs.AsSpan(i * 10, 10)) == labels[i] ? 1 : 0;
        return (double)correct / n;
    }

    /// <summary>The index of the largest score (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++) best = scores[i] > scores[best] ? i : best;
        return best;
    }

    private Exported Export(string name) => _exported.GetOrAdd(name, n => new Lazy<Exported>(() => Quantize(n))).Value;

    private Exported Quantize(string name)
    {
        string path = ModelPath(name);
        TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        var model = ModelLoader.Load(path);
        var input = model.Graph.Inputs[0];
        var data = CalibrationDatasets.Open(CalibrationDatasets.FashionMnistName, input.Type, input.Shape!);
        var int8 = new Quantizer(new QuantizationOptions { Samples = CalibrationImages, VerificationSamples = 0 }).Quantize(model, data);
        var dynamic = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Dynamic, VerificationSamples = 0 }).Quantize(model);
        var half = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Float16, VerificationSamples = 0 }).Quantize(model);
        var files = new Dictionary<PtqForm, byte[]>
        {
            [PtqForm.Float] = File.ReadAllBytes(path),
            [PtqForm.Int8Qdq] = OnnxExporter.Export(OnnxEmitter.Emit(int8, OnnxQuantizedFormat.Qdq).Model),
            [PtqForm.Int8QOperator] = OnnxExporter.Export(OnnxEmitter.Emit(int8, OnnxQuantizedFormat.QOperator).Model),
            [PtqForm.Dynamic] = OnnxExporter.Export(OnnxEmitter.Emit(dynamic).Model),
            [PtqForm.Float16] = OnnxExporter.Export(OnnxEmitter.Emit(half).Model),
        };
        return new Exported(int8, files);
    }

    /// <summary>Runs <paramref name="file"/> in Quanta on the first <paramref name="images"/> test images.</summary>
    public float[] RunQuanta(byte[] file, int images, SessionOptions? options = null)
    {
        using var session = new InferenceSession(ModelLoader.Load(file, "quantized.onnx", null), options ?? new SessionOptions { Threads = Environment.ProcessorCount });
        var outputs = new float[images * 10];
        for (int start = 0; start < images; start += Batch)
        {
            int n = Math.Min(Batch, images - start);
            var y = session.Run(FashionMnistPreprocessing.ToTensor(Test, start, n))[0];
            y.AsSpan<float>().CopyTo(outputs.AsSpan(start * 10, n * 10));
        }
        return outputs;
    }

    private float[] RunOrt(byte[] file, int images)
    {
        using var ort = new OrtRunner(file);
        var outputs = new float[images * 10];
        for (int start = 0; start < images; start += Batch)
        {
            int n = Math.Min(Batch, images - start);
            ort.Run(FashionMnistPreprocessing.ToTensor(Test, start, n)).CopyTo(outputs.AsSpan(start * 10, n * 10));
        }
        return outputs;
    }

    /// <inheritdoc/>
    public void Dispose() { }

    private sealed record Exported(QuantizationResult Int8, Dictionary<PtqForm, byte[]> Files);
}

/// <summary>The test classes that share one <see cref="PtqModels"/>: the models are quantized and
/// run once per test run, not once per class.</summary>
[CollectionDefinition(Name)]
public sealed class PtqCollection : ICollectionFixture<PtqModels>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Post-training quantization of the reference models";
}
