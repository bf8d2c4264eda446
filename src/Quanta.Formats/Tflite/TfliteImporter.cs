using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>Reads TensorFlow Lite flatbuffer models into Quanta's IR.</summary>
public static class TfliteImporter
{
    /// <summary>Imports a TFLite model (its first subgraph as the main graph).</summary>
    /// <param name="bytes">The .tflite file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <exception cref="ModelFormatException">Malformed flatbuffer or inconsistent model.</exception>
    public static Model Import(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        throw new ModelFormatException(sourceName, "TFLite import is being written");
    }
}
