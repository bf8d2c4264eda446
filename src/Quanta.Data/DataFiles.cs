namespace Quanta.Data;

/// <summary>Reads whole files with I/O errors turned into <see cref="DataFormatException"/>.</summary>
internal static class DataFiles
{
    /// <summary>The bytes of <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">The file is missing or unreadable.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, not a file");
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the file: {e.Message}", e);
        }
    }
}
