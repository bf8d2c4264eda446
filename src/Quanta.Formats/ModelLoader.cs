using Quanta.Core;

namespace Quanta.Formats;

/// <summary>Reads a model file, choosing ONNX or TFLite by the file's content, not its name.</summary>
public static class ModelLoader
{
    /// <summary>Loads a model from a file. ONNX external data files are resolved inside the
    /// model's own folder only.</summary>
    /// <exception cref="ModelFormatException">The file is missing, empty, truncated or malformed.</exception>
    /// <exception cref="UnsupportedException">The model uses a data type or feature Quanta cannot represent.</exception>
    public static Model Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        Model model;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            long length = file.Length;
            if (length == 0) throw new ModelFormatException(path, "the file is empty");
            Span<byte> head = stackalloc byte[8];
            int got = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            file.Position = 0;
            if (DetectFormat(head[..got]) == ModelFormat.Onnx)
            {
                // Parsed straight from the file: the weights are never held twice (file bytes and message).
                model = Onnx.OnnxImporter.Import(file, path, folder);
                model.SourceBytes += length;
            }
            else
            {
                // A flatbuffer is read in place, so the importer needs the whole buffer.
                var bytes = new byte[length];
                file.ReadExactly(bytes);
                model = Load(bytes, path, folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, $"cannot read the model file: {e.Message}", e);
        }
        model.SourcePath = path;
        return model;
    }

    /// <summary>Loads a model from a stream (read to its end). ONNX external data cannot be
    /// resolved without a folder and is an error.</summary>
    /// <exception cref="ModelFormatException">The data is empty, truncated or malformed.</exception>
    public static Model Load(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var model = Load(buffer.ToArray(), sourceName, baseDirectory: null);
        model.SourcePath = sourceName;
        return model;
    }

    /// <summary>Loads a model from bytes already in memory.</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <param name="baseDirectory">Where ONNX external data files may be found, or null.</param>
    public static Model Load(byte[] bytes, string sourceName, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw new ModelFormatException(sourceName, "the file is empty");
        var model = DetectFormat(bytes) switch
        {
            ModelFormat.Tflite => Tflite.TfliteImporter.Import(bytes, sourceName),
            _ => Onnx.OnnxImporter.Import(bytes, sourceName, baseDirectory),
        };
        model.SourceBytes = bytes.Length + model.SourceBytes;
        return model;
    }

    /// <summary>The format of a model file by its content: TFLite flatbuffers carry the file
    /// identifier "TFL3" at byte 4; anything else is read as ONNX protobuf.</summary>
    public static ModelFormat DetectFormat(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[4] == (byte)'T' && bytes[5] == (byte)'F' && bytes[6] == (byte)'L' && bytes[7] == (byte)'3'
            ? ModelFormat.Tflite
            : ModelFormat.Onnx;
}
