using Quanta.Core;

namespace Quanta.Formats.Onnx;

/// <summary>
/// Reads tensor bytes stored outside the .onnx file (TensorProto.data_location = EXTERNAL), only
/// from files inside the model's own folder: a model must not be able to make its reader open
/// arbitrary files (an absolute path, "..", or a symbolic link leading elsewhere is rejected).
/// </summary>
internal sealed class OnnxExternalData
{
    private readonly string _source;
    private readonly string? _folder;

    /// <summary>Creates a reader for one model.</summary>
    /// <param name="source">The model's name in error messages.</param>
    /// <param name="baseDirectory">The model's folder, or null when the model came from a stream.</param>
    public OnnxExternalData(string source, string? baseDirectory)
    {
        _source = source;
        _folder = baseDirectory is null ? null : RealPath(Path.GetFullPath(baseDirectory));
    }

    /// <summary>Bytes read from external files so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads <paramref name="byteCount"/> bytes for tensor <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor's name, for messages.</param>
    /// <param name="entries">The TensorProto's external_data key/value entries.</param>
    /// <param name="byteCount">The size the tensor's type and dims require.</param>
    /// <exception cref="ModelFormatException">Bad location, offset or length, or an unreadable file.</exception>
    public byte[] Read(string tensor, IEnumerable<KeyValuePair<string, string>> entries, long byteCount)
    {
        string? location = null;
        long offset = 0, length = -1;
        foreach (var (key, value) in entries)
        {
            switch (key)
            {
                case "location": location = value; break;
                case "offset": offset = ParseNumber(tensor, key, value); break;
                case "length": length = ParseNumber(tensor, key, value); break;
                default: break; // "checksum" and future keys do not change what is read.
            }
        }
        if (string.IsNullOrEmpty(location)) throw Error(tensor, "external data has no 'location'");
        if (_folder is null)
            throw Error(tensor, $"its data is in external file '{location}', which can only be found when the model is loaded from a file, not a stream");
        if (length >= 0 && length != byteCount)
            throw Error(tensor, $"external data length {length} does not match the {byteCount} bytes its type and shape need");

        string path = ResolveInsideFolder(tensor, location);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            long fileLength = file.Length;
            if (offset > fileLength || byteCount > fileLength - offset)
                throw Error(tensor, $"external file '{location}' has {fileLength} bytes; the tensor needs {byteCount} bytes at offset {offset}");
            var data = new byte[byteCount];
            file.Seek(offset, SeekOrigin.Begin);
            file.ReadExactly(data);
            BytesRead += byteCount;
            return data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(_source, $"tensor '{tensor}': cannot read external file '{location}': {e.Message}", e);
        }
    }

    private long ParseNumber(string tensor, string key, string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
            ? n
            : throw Error(tensor, $"external data '{key}' is '{text}', not a non-negative integer");

    private string ResolveInsideFolder(string tensor, string location)
    {
        if (Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\'))
            throw Error(tensor, $"external data location '{location}' is an absolute path; it must be relative to the model's folder");
        var parts = location.Split('/', '\\');
        if (Array.Exists(parts, p => p == ".."))
            throw Error(tensor, $"external data location '{location}' contains '..'; it must stay inside the model's folder");
        string full = Path.GetFullPath(Path.Combine(_folder!, location));
        string real = RealPath(full);
        if (!IsInside(real, _folder!))
            throw Error(tensor, $"external data location '{location}' leads outside the model's folder (to '{real}')");
        if (!File.Exists(real)) throw Error(tensor, $"external data file '{location}' does not exist in {_folder}");
        return real;
    }

    private static bool IsInside(string path, string folder)
    {
        string prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The path with every symbolic link resolved, component by component from the root (what
    /// realpath(3) does); missing components are kept as they are.
    /// </summary>
    private static string RealPath(string fullPath, int depth = 0)
    {
        if (depth > 40) throw new IOException($"too many levels of symbolic links in '{fullPath}'");
        string root = Path.GetPathRoot(fullPath) ?? "/";
        string current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                string resolved = Path.GetFullPath(target, current);
                next = RealPath(resolved, depth + 1);
            }
            current = next;
        }
        return current;
    }

    private ModelFormatException Error(string tensor, string message) => new(_source, $"tensor '{tensor}': {message}");
}
