using System.Runtime.InteropServices;
using Google.FlatBuffers;
using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// What every part of the TFLite import shares: the file's bytes, the flatbuffer root, the name
/// used in error messages, and where in the file the import currently is (so that an error the
/// flatbuffer runtime raises can be reported as "malformed flatbuffer at subgraph 0, tensor 12").
/// </summary>
internal sealed class TfliteReadContext
{
    /// <summary>Creates the context over a file whose header <see cref="TfliteFileHeader.Check"/> accepted.</summary>
    public TfliteReadContext(byte[] bytes, string sourceName)
    {
        Bytes = bytes;
        SourceName = sourceName;
        Buffer = new ByteBuffer(bytes);
        Root = tflite.Model.GetRootAsModel(Buffer);
    }

    /// <summary>The whole file.</summary>
    public byte[] Bytes { get; }

    /// <summary>The file, as the generated accessors read it.</summary>
    public ByteBuffer Buffer { get; }

    /// <summary>The root table.</summary>
    public tflite.Model Root { get; }

    /// <summary>Named in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The part of the file being read, for error messages ("subgraph 0, operator 3").</summary>
    public string Location { get; set; } = "the model header";

    /// <summary>A format error at the current location.</summary>
    public ModelFormatException Error(string message) => new(SourceName, message);

    /// <summary>
    /// Checks that a vector of <paramref name="length"/> elements of <paramref name="elementSize"/>
    /// bytes lies inside the file and returns its bytes.
    /// </summary>
    /// <param name="segment">What a generated <c>Get…Bytes()</c> accessor returned: its offset is the
    /// vector's first byte. (flatc 2.0.8's accessor sets its count to the element count, not the byte
    /// count, so the count is not used.)</param>
    /// <param name="length">The element count the vector's header claims.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <param name="what">Names the vector in the error message.</param>
    /// <returns>The vector's bytes; empty when the vector is absent.</returns>
    /// <exception cref="ModelFormatException">The claimed length runs past the end of the file.</exception>
    public ReadOnlySpan<byte> VectorBytes(ArraySegment<byte>? segment, int length, int elementSize, string what)
    {
        if (segment is not { } s || length == 0) return [];
        long end = (long)s.Offset + (long)length * elementSize;
        if (length < 0 || s.Offset < 0 || end > Bytes.Length)
            throw Error($"{Location}: {what} claims {length} elements, which run past the end of the file ({Bytes.Length} bytes)");
        return Bytes.AsSpan(s.Offset, length * elementSize);
    }

    /// <summary>An int vector (shape, tensor indices), bounds-checked and copied.</summary>
    public int[] Ints(ArraySegment<byte>? segment, int length, string what) =>
        MemoryMarshal.Cast<byte, int>(VectorBytes(segment, length, sizeof(int), what)).ToArray();

    /// <summary>
    /// Checks a vector of tables (4-byte offsets each) before iterating it: a claimed length larger
    /// than the file could hold is corrupt, and must not drive a loop or an allocation.
    /// </summary>
    /// <returns>The length, now known to be plausible.</returns>
    public int TableVectorLength(int length, string what)
    {
        if (length < 0 || length > Bytes.Length / 4)
            throw Error($"{Location}: {what} claims {length} entries, more than the file ({Bytes.Length} bytes) can hold");
        return length;
    }
}
