using System.IO.Compression;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Tflite;
using Quanta.Quantization;
using Quanta.Runtime;
using Quanta.Tests.Optimized;
using Quanta.Tests.Support;

namespace Quanta.Tests.TfliteExport;

/// <summary>
/// The Fashion-MNIST MobileNet v1 quantized once per mode and exported to TFLite, shared by the
/// tests of <see cref="TfliteQuantizedExportTests"/> (quantizing is the slow part).
/// </summary>
internal static class FashionMnistTflite
{
    public const string ModelFile = "fmnist_mobilenet_v1.onnx";
    public const int TestImages = 500;

    private static readonly Dictionary<(QuantizationMode, DataType, bool), Exported> s_cache = [];
    public static readonly Lazy<Tensor> Images = new(() => FashionMnistImages.First(TestImages));
    public static readonly Lazy<byte[]> Labels = new(() => ReadLabels(TestImages));

    private static readonly Lazy<float[]> s_floatLogits = new(() => Run(LoadFloat(), Images.Value));

    public static string ModelPath => TestData.Require(TestData.SharedPath("models", "onnx", ModelFile), "the shared folder (shared/models/onnx)");

    public static Model LoadFloat() => ModelLoader.Load(ModelPath);

    public static float[] FloatLogits => s_floatLogits.Value;

    /// <summary>An exported model: the emitted graph, the file bytes, the file read back.</summary>
    public sealed record Exported(QuantizationResult Result, EmittedModel Emitted, byte[] Bytes, Model Reimported);

    public static Exported Get(QuantizationMode mode, DataType io = DataType.Float32, bool perChannel = true)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue((mode, io, perChannel), out var e)) s_cache[(mode, io, perChannel)] = e = Quantize(mode, io, perChannel);
            return e;
        }
    }

    public static Exported Quantize(QuantizationMode mode, DataType io = DataType.Float32, bool perChannel = true)
    {
        TestData.Require(Path.Combine(TestData.FashionMnist, "train-images-idx3-ubyte.gz"), "apt package dataset-fashion-mnist");
        var model = LoadFloat();
        var options = new QuantizationOptions { Mode = mode, Samples = 300, VerificationSamples = 0, InputOutputType = io, PerChannel = perChannel };
        ICalibrationDataset? data = mode.NeedsCalibration()
            ? CalibrationDatasets.Open(CalibrationDatasets.FashionMnistName, DataType.Float32, model.Graph.Inputs[0].Shape!)
            : null;
        var result = new Quantizer(options).Quantize(model, data);
        var emitted = TfliteEmitter.Emit(result);
        byte[] bytes = TfliteExporter.Export(emitted.Model);
        return new Exported(result, emitted, bytes, TfliteImporter.Import(bytes, "exported.tflite"));
    }

    /// <summary>The model's float logits for <paramref name="images"/> (int8 inputs and outputs converted).</summary>
    public static float[] Run(Model model, Tensor images)
    {
        using var session = new InferenceSession(model);
        var input = model.Graph.Inputs[0] is { Type: DataType.Int8, Quant: { } q } ? QuantScheme.Quantize(images, DataType.Int8, q) : images;
        var output = session.Run(input)[0];
        return output.Type == DataType.Float32 ? output.ToArray<float>() : QuantScheme.Dequantize(output, output.Quant ?? model.Graph.Outputs[0].Quant!);
    }

    /// <summary>Top-1 accuracy of [N, 10] logits against the labels.</summary>
    public static double Accuracy(float[] logits)
    {
        var labels = Labels.Value;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = logits.AsSpan(i * 10, 10);
            int best = 0;
            for (int c = 1; c < 10; c++)
            {
                if (row[c] > row[best]) best = c;
            }
            if (best == labels[i]) correct++;
        }
        return correct / (double)labels.Length;
    }

    private static byte[] ReadLabels(int count)
    {
        string path = TestData.Require(Path.Combine(TestData.FashionMnist, "t10k-labels-idx1-ubyte.gz"), "apt package dataset-fashion-mnist");
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var header = new byte[8];
        gz.ReadExactly(header);
        var labels = new byte[count];
        gz.ReadExactly(labels);
        return labels;
    }
}
