using Quanta.Core;

namespace Quanta.Formats.Onnx;

/// <summary>Reads ONNX models (opsets 7–17) into Quanta's IR.</summary>
public static class OnnxImporter
{
    /// <summary>Imports an ONNX model.</summary>
    /// <param name="bytes">The .onnx file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <param name="baseDirectory">The model's folder, where external data files must lie; null when unknown.</param>
    /// <returns>The model; <see cref="Model.SourceBytes"/> counts external data bytes only.</returns>
    /// <exception cref="ModelFormatException">Malformed protobuf or inconsistent model.</exception>
    public static Model Import(byte[] bytes, string sourceName, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        throw new ModelFormatException(sourceName, $"ONNX import is being written ({baseDirectory})");
    }
}
