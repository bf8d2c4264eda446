using Quanta.Core;

namespace Quanta.Data.TensorFiles;

/// <summary>
/// Raw tensor files (.bin): the elements' bytes, little-endian, row-major, nothing else — as
/// TFLite's test inputs (e.g. <c>dog_1x3x224x224_int8.bin</c>) are stored. The type and shape
/// come from the caller, so the only check possible is the length.
/// </summary>
public static class RawTensorFile
{
    /// <summary>Reads a raw file as a tensor of <paramref name="type"/> and <paramref name="shape"/>
    /// (whose one unknown dimension, if any, is solved from the file's length).</summary>
    /// <exception cref="DataFormatException">Missing file, or a length that does not fit.</exception>
    public static Tensor Read(string path, DataType type, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var bytes = DataFiles.ReadAllBytes(path);
        int size = type.SizeOf();
        if (bytes.Length % size != 0)
            throw new DataFormatException(path, $"has {bytes.Length} bytes, not a whole number of {size}-byte {type} elements");
        var resolved = ShapeResolver.Resolve(shape, bytes.Length / size, path, $"{type} elements ({bytes.Length} bytes)");
        if (type == DataType.Bool)
        {
            int bad = bytes.AsSpan().IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0) throw new DataFormatException(path, $"bool element {bad} is {bytes[bad]}, not 0 or 1");
        }
        return new Tensor(type, resolved, bytes);
    }
}
