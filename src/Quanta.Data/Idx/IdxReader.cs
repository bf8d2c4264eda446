using System.Buffers.Binary;
using System.IO.Compression;
using Quanta.Core;

namespace Quanta.Data.Idx;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed (detected by
/// content, not by name).
/// </summary>
/// <remarks>
/// Layout (LeCun's MNIST page): two zero bytes, a type code (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32,
/// 0x0D f32, 0x0E f64), the rank, then one big-endian uint32 per dimension, then the elements
/// big-endian in row-major order. Float64 has no Quanta type and is rejected.
/// </remarks>
public static class IdxReader
{
    /// <summary>Reads an IDX file into a tensor that owns its (little-endian) data.</summary>
    /// <exception cref="DataFormatException">The file is missing, not IDX, truncated or too long.</exception>
    public static Tensor Read(string path) => Read(DataFiles.ReadAllBytes(path), path);

    /// <summary>Reads IDX bytes (gzip-compressed or plain).</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <exception cref="DataFormatException">Not IDX, truncated or too long.</exception>
    public static Tensor Read(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B) bytes = Gunzip(bytes, sourceName);
        return Parse(bytes, sourceName);
    }

    private static byte[] Gunzip(byte[] bytes, string sourceName)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(sourceName, $"corrupt gzip data: {e.Message}", e);
        }
    }

    private static Tensor Parse(byte[] bytes, string sourceName)
    {
        if (bytes.Length < 4)
            throw new DataFormatException(sourceName, $"truncated IDX header: {bytes.Length} bytes, the magic number alone needs 4");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException(sourceName, $"not an IDX file: magic number 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2} does not start with two zero bytes");
        var type = bytes[2] switch
        {
            0x08 => DataType.UInt8,
            0x09 => DataType.Int8,
            0x0B => DataType.Int16,
            0x0C => DataType.Int32,
            0x0D => DataType.Float32,
            0x0E => throw new DataFormatException(sourceName, "IDX float64 data (type 0x0E) is not supported; Quanta has no float64 tensors"),
            _ => throw new DataFormatException(sourceName, $"unknown IDX type code 0x{bytes[2]:X2}"),
        };
        int rank = bytes[3];
        int headerBytes = 4 + (4 * rank);
        if (bytes.Length < headerBytes)
            throw new DataFormatException(sourceName, $"truncated IDX header: rank {rank} needs {headerBytes} bytes, the file has {bytes.Length}");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            if (d > int.MaxValue) throw new DataFormatException(sourceName, $"IDX dimension {i} is {d}, too large");
            dims[i] = (int)d;
            count *= d;
            if (count > Array.MaxLength) throw new DataFormatException(sourceName, "IDX data is too large for one tensor");
        }
        int size = type.SizeOf();
        long expected = count * size;
        long actual = bytes.Length - headerBytes;
        if (actual < expected)
            throw new DataFormatException(sourceName, $"truncated IDX data: dimensions [{string.Join(',', dims)}] need {expected} bytes of {type}, only {actual} follow the header");
        if (actual > expected)
            throw new DataFormatException(sourceName, $"IDX data has {actual - expected} bytes more than dimensions [{string.Join(',', dims)}] of {type} need");

        var tensor = Tensor.Zeros(type, new Shape(dims));
        var source = bytes.AsSpan(headerBytes, (int)expected);
        var target = tensor.Bytes;
        if (size == 1)
        {
            source.CopyTo(target);
        }
        else
        {
            // IDX stores big-endian; Quanta tensors are little-endian: reverse each element's bytes.
            for (int i = 0; i < source.Length; i += size)
            {
                for (int b = 0; b < size; b++) target[i + b] = source[i + size - 1 - b];
            }
        }
        return tensor;
    }
}
