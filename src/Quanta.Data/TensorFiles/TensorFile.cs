using Quanta.Core;
using Quanta.Data.Images;

namespace Quanta.Data.TensorFiles;

/// <summary>Reads a tensor from a file, choosing the reader by the file's extension.</summary>
public static class TensorFile
{
    /// <summary>The extensions <see cref="Read"/> knows, for help texts.</summary>
    public static string SupportedExtensions => ".npy, .csv, .bin, " + string.Join(", ", ImageTensorLoader.Extensions);

    /// <summary>
    /// Reads <paramref name="path"/> as a value for an input of <paramref name="type"/> and
    /// <paramref name="shape"/>: <c>.npy</c> carries its own type and shape (the caller checks them
    /// against the input); <c>.csv</c> and <c>.bin</c>/<c>.raw</c> are read as that type and shape
    /// (one unknown dimension solved from the count); images go through <see cref="ImageTensorLoader"/>.
    /// </summary>
    /// <exception cref="DataFormatException">Unknown extension, or the file is missing or malformed.</exception>
    /// <exception cref="InvalidInputException">An image for an input that cannot take one.</exception>
    public static Tensor Read(string path, DataType type, Shape shape, ImageTensorOptions? imageOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".npy" => NpyFile.Read(path),
            ".csv" => CsvTensorFile.Read(path, type, shape),
            ".bin" or ".raw" => RawTensorFile.Read(path, type, shape),
            _ when ImageTensorLoader.Extensions.Contains(ext) => ImageTensorLoader.Load(path, type, shape, imageOptions),
            _ => throw new DataFormatException(path, $"unknown tensor file extension '{ext}' (supported: {SupportedExtensions})"),
        };
    }
}
