using Quanta.Core;

namespace Quanta.Formats;

/// <summary>Reads a model file, choosing ONNX or TFLite by the file's content, not its name.</summary>
public static class ModelLoader
{
    /// <summary>Loads a model from a file.</summary>
    /// <exception cref="ModelFormatException">The file is missing, empty, truncated or malformed.</exception>
    /// <exception cref="UnsupportedException">The model uses a data type or feature Quanta cannot represent.</exception>
    public static Model Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        throw new NotImplementedException("ModelLoader.Load is being written");
    }

    /// <summary>Loads a model from a stream (read to its end).</summary>
    /// <exception cref="ModelFormatException">The data is empty, truncated or malformed.</exception>
    public static Model Load(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        throw new NotImplementedException($"ModelLoader.Load({sourceName}) is being written");
    }
}
