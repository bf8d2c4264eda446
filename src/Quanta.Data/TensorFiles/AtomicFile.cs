namespace Quanta.Data.TensorFiles;

/// <summary>
/// Writes files so that a reader never sees a half-written one: each file is written to a
/// temporary file in its own folder (same file system) and then renamed over the target, which
/// POSIX <c>rename</c> does atomically.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes several files: every temporary file first, then the renames. When a write
    /// fails, the temporary files are deleted and no target is touched.</summary>
    /// <param name="files">Target paths and their contents.</param>
    /// <exception cref="OutputWriteException">A file cannot be written or renamed.</exception>
    public static void WriteAll(IReadOnlyList<(string Path, byte[] Contents)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var temps = new List<string>(files.Count);
        try
        {
            foreach (var (path, contents) in files)
            {
                string temp = TempPathFor(path);
                temps.Add(temp);
                WriteTemp(path, temp, contents);
            }
            for (int i = 0; i < files.Count; i++)
            {
                try
                {
                    File.Move(temps[i], files[i].Path, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OutputWriteException(files[i].Path, $"cannot replace the file: {e.Message}", e);
                }
            }
            temps.Clear();
        }
        finally
        {
            foreach (string temp in temps) TryDelete(temp);
        }
    }

    /// <summary>Writes one file atomically.</summary>
    /// <exception cref="OutputWriteException">The file cannot be written.</exception>
    public static void Write(string path, byte[] contents) => WriteAll([(path, contents)]);

    private static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    private static void WriteTemp(string path, string temp, byte[] contents)
    {
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(path, $"cannot write: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file's name starts with '.' and ends in .tmp.
        }
    }
}
