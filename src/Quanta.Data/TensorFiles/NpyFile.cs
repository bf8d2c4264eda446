using System.Buffers.Binary;
using System.Text;
using Quanta.Core;

namespace Quanta.Data.TensorFiles;

/// <summary>
/// NumPy's .npy format (format versions 1.0, 2.0 and 3.0), C order, for the types
/// <c>&lt;f4 &lt;f2 |i1 |u1 &lt;i2 &lt;i4 &lt;i8 |b1</c>.
/// </summary>
/// <remarks>
/// Layout (numpy/lib/format.py): the magic <c>\x93NUMPY</c>, major and minor version bytes, the
/// header length (uint16 little-endian in 1.0, uint32 in 2.0 and 3.0), the header (a Python dict
/// literal, latin-1 in 1.0/2.0 and UTF-8 in 3.0, padded with spaces and ending in '\n'), then the
/// raw elements. Writing uses 1.0 unless the header is too long for it, padded so that the data
/// starts on a 64-byte boundary, as NumPy ≥ 1.14 writes.
/// </remarks>
public static class NpyFile
{
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;

    /// <summary>Reads a .npy file into a new tensor.</summary>
    /// <exception cref="DataFormatException">Missing file, bad magic or header, unsupported dtype,
    /// Fortran order, or data of the wrong length.</exception>
    public static Tensor Read(string path) => Read(DataFiles.ReadAllBytes(path), path);

    /// <summary>Reads .npy bytes into a new tensor.</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <exception cref="DataFormatException">See <see cref="Read(string)"/>.</exception>
    public static Tensor Read(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(s_magic))
            throw new DataFormatException(sourceName, "not a .npy file (it does not start with \\x93NUMPY)");
        byte major = bytes[6], minor = bytes[7];
        if (minor != 0 || major is < 1 or > 3)
            throw new DataFormatException(sourceName, $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");
        int prefix = major == 1 ? 10 : 12;
        if (bytes.Length < prefix)
            throw new DataFormatException(sourceName, $"truncated .npy file: {bytes.Length} bytes");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (prefix + headerLength > bytes.Length)
            throw new DataFormatException(sourceName, $"truncated .npy header: it declares {headerLength} bytes, the file has {bytes.Length - prefix} after the prefix");
        var headerBytes = bytes.Slice(prefix, (int)headerLength);
        string text;
        try
        {
            text = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(sourceName, ".npy 3.0 header is not valid UTF-8", e);
        }
        var header = NpyHeader.Parse(text, sourceName);
        if (header.FortranOrder)
            throw new DataFormatException(sourceName, ".npy data is in Fortran order; only C order is supported (numpy: np.save(path, np.ascontiguousarray(a)))");

        var shape = new Shape(header.Shape);
        long expected;
        try
        {
            expected = checked(shape.ElementCount * header.Type.SizeOf());
        }
        catch (OverflowException e)
        {
            throw new DataFormatException(sourceName, $".npy shape {shape} is too large", e);
        }
        long actual = bytes.Length - prefix - headerLength;
        if (actual != expected)
            throw new DataFormatException(sourceName, actual < expected
                ? $"truncated .npy data: {header.Type} {shape} needs {expected} bytes, the file has {actual}"
                : $".npy data has {actual - expected} bytes more than {header.Type} {shape} needs");
        if (expected > Array.MaxLength)
            throw new DataFormatException(sourceName, $".npy shape {shape} is too large for one tensor");
        var data = bytes.Slice(prefix + (int)headerLength, (int)expected);
        if (header.Type == DataType.Bool)
        {
            int bad = data.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0) throw new DataFormatException(sourceName, $"bool element {bad} is {data[bad]}, not 0 or 1");
        }
        var tensor = Tensor.Zeros(header.Type, shape);
        data.CopyTo(tensor.Bytes);
        return tensor;
    }

    /// <summary>The .npy encoding of a tensor.</summary>
    /// <exception cref="ArgumentException">The tensor's type has no .npy descr.</exception>
    public static byte[] Encode(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Type == DataType.Undefined) throw new ArgumentException("a tensor of undefined type cannot be saved", nameof(tensor));
        string header = NpyHeader.Format(tensor.Type, tensor.Shape.Dims);
        // Version 1.0 holds a header of at most 65535 bytes; longer ones (huge ranks) need 2.0.
        int major = header.Length + 1 + 10 + Alignment <= ushort.MaxValue ? 1 : 2;
        int prefix = major == 1 ? 10 : 12;
        int unpadded = prefix + header.Length + 1;
        int padded = (unpadded + Alignment - 1) / Alignment * Alignment;
        int headerLength = padded - prefix;
        var result = new byte[padded + tensor.ByteCount];
        s_magic.CopyTo(result, 0);
        result[6] = (byte)major;
        result[7] = 0;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)headerLength);
        var text = result.AsSpan(prefix, headerLength);
        text.Fill((byte)' ');
        Encoding.Latin1.GetBytes(header, text);
        text[^1] = (byte)'\n';
        tensor.Bytes.CopyTo(result.AsSpan(padded));
        return result;
    }

    /// <summary>Writes a tensor as .npy (replacing the file; not atomic — see
    /// <see cref="AtomicFile"/> for that).</summary>
    /// <exception cref="OutputWriteException">The file cannot be written.</exception>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Encode(tensor);
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(path, $"cannot write: {e.Message}", e);
        }
    }
}
