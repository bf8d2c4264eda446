using Quanta.Core;

namespace Quanta.Data;

/// <summary>A data file (dataset, tensor or image) is missing, unreadable, malformed, or does not
/// fit the tensor it must fill. The message starts with the file's path.</summary>
public sealed class DataFormatException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file (or stream name) at fault.</param>
    /// <param name="problem">What is wrong with it.</param>
    public DataFormatException(string path, string problem) : base($"{path}: {problem}") => Path = path;

    /// <summary>Creates the exception with the error that caused it.</summary>
    public DataFormatException(string path, string problem, Exception inner) : base($"{path}: {problem}", inner) => Path = path;

    /// <summary>The file (or stream name) at fault.</summary>
    public string Path { get; }
}

/// <summary>An output file could not be written (missing folder, no permission, disk full). The
/// message starts with the file's path.</summary>
public sealed class OutputWriteException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file that could not be written.</param>
    /// <param name="problem">Why.</param>
    public OutputWriteException(string path, string problem) : base($"{path}: {problem}") => Path = path;

    /// <summary>Creates the exception with the I/O error that caused it.</summary>
    public OutputWriteException(string path, string problem, Exception inner) : base($"{path}: {problem}", inner) => Path = path;

    /// <summary>The file that could not be written.</summary>
    public string Path { get; }
}
