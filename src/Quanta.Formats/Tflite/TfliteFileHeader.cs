using System.Buffers.Binary;
using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Checks the first bytes of a TFLite flatbuffer before any generated accessor touches it: the C#
/// FlatBuffers runtime has no working verifier, so the root offset, the file identifier and the
/// root table's vtable are checked by hand. Everything deeper is read through bounds-checked
/// accessors (the runtime's safe <c>ByteBuffer</c> throws on an out-of-range read) and vector
/// lengths are checked against the file size before they drive a loop or an allocation.
/// </summary>
internal static class TfliteFileHeader
{
    /// <summary>The flatbuffer file identifier of TFLite models (schema.fbs: <c>file_identifier "TFL3"</c>).</summary>
    public const string Identifier = "TFL3";

    /// <summary>Checks the header and the root table's vtable.</summary>
    /// <exception cref="ModelFormatException">The file is too short, has another identifier, or its
    /// root offset or root vtable lie outside the file.</exception>
    public static void Check(ReadOnlySpan<byte> bytes, string source)
    {
        // Layout: [uoffset root][4-byte identifier] ... root table: [soffset to vtable] fields...
        // vtable: [u16 vtable size][u16 table size][u16 field offsets...].
        if (bytes.Length < 8)
            throw new ModelFormatException(source, $"the file is {bytes.Length} bytes long, too short for a TFLite flatbuffer");
        if (bytes[4] != 'T' || bytes[5] != 'F' || bytes[6] != 'L' || bytes[7] != '3')
            throw new ModelFormatException(source, $"the file identifier is not \"{Identifier}\": not a TFLite model");
        uint root = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (root < 8 || root > (uint)bytes.Length - 4)
            throw new ModelFormatException(source, $"malformed flatbuffer at the header: root table offset {root} lies outside the file ({bytes.Length} bytes)");
        long vtable = root - (long)BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)root..]);
        if (vtable < 0 || vtable > bytes.Length - 4)
            throw new ModelFormatException(source, $"malformed flatbuffer at the header: the root table's vtable offset {vtable} lies outside the file");
        int vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(int)vtable..]);
        if (vtableSize < 4 || vtableSize % 2 != 0 || vtable + vtableSize > bytes.Length)
            throw new ModelFormatException(source, $"malformed flatbuffer at the header: the root table's vtable (size {vtableSize}) is corrupt");
    }
}
