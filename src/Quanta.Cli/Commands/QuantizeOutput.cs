using Quanta.Core;
using Quanta.Formats.Onnx;
using Quanta.Quantization;

namespace Quanta.Cli.Commands;

/// <summary>Turns a quantization result into the bytes of the output file, by the file's
/// extension and the requested form.</summary>
internal static class QuantizeOutput
{
    /// <summary>The ONNX forms of an int8 model.</summary>
    public static readonly string[] Forms = [.. OnnxEmitter.FormatNames];

    /// <summary>Checks, before any work, that <paramref name="path"/> names a format this mode can be written to.</summary>
    /// <exception cref="InvalidInputException">An unknown extension.</exception>
    /// <exception cref="UnsupportedException">A format or form the mode cannot be written in.</exception>
    public static void Check(string path, QuantizationMode mode, string form)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".onnx":
                if (mode == QuantizationMode.Int16x8)
                    throw new UnsupportedException("int16x8 models are TFLite-only (ONNX's QLinear ops have no int16 activations with int8 weights); write a .tflite file");
                if (form == "qoperator" && mode != QuantizationMode.Int8)
                    throw new UnsupportedException($"--onnx-format qoperator applies to int8 models, not {QuantizationModes.NameOf(mode)}");
                break;
            case ".tflite":
                if (form == "qoperator")
                    throw new UnsupportedException("--form qoperator is an ONNX form; a .tflite file holds TFLite's own integer ops");
                break;
            default:
                throw new InvalidInputException($"{path}: the output format follows the extension, .onnx or .tflite (got '{ext}')");
        }
    }

    /// <summary>The quantized model in its ONNX form.</summary>
    public static EmittedModel Emit(QuantizationResult result, string form) => OnnxEmitter.Emit(result, OnnxEmitter.ParseFormat(form));

    /// <summary>The file contents.</summary>
    public static byte[] Serialize(EmittedModel emitted) => OnnxExporter.Export(emitted.Model);
}
