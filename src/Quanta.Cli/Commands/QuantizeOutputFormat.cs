using Quanta.Formats.Tflite;
using Quanta.Quantization;

namespace Quanta.Cli.Commands;

/// <summary>Chooses the output form by the file's extension: <c>.tflite</c> through
/// <see cref="TfliteEmitter"/> and <see cref="TfliteExporter"/>, everything else through
/// <see cref="QuantizeOutput"/>'s ONNX forms.</summary>
internal static class QuantizeOutputFormat
{
    /// <summary>True when <paramref name="path"/> names a TFLite file.</summary>
    public static bool IsTflite(string path) => Path.GetExtension(path).Equals(".tflite", StringComparison.OrdinalIgnoreCase);

    /// <summary>The emitted model to verify and the bytes to write.</summary>
    /// <remarks>A TFLite file is verified as it will be read: the bytes are imported again and the
    /// verification runs on that model, so that what is checked is what is written.</remarks>
    public static (EmittedModel Emitted, byte[] Bytes) Emit(string path, QuantizationResult result, string form)
    {
        if (!IsTflite(path))
        {
            var onnx = QuantizeOutput.Emit(result, form);
            return (onnx, QuantizeOutput.Serialize(onnx));
        }
        var emitted = TfliteEmitter.Emit(result);
        byte[] bytes = TfliteExporter.Export(emitted.Model);
        return (emitted with { Model = TfliteImporter.Import(bytes, path) }, bytes);
    }
}
