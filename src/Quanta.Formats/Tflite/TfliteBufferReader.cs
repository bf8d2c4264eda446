namespace Quanta.Formats.Tflite;

/// <summary>
/// Finds the bytes of the model's <c>buffers</c>: inside the flatbuffer (<c>data</c>), or — in
/// the layout TFLite uses for files over 2 GB — after it, at <c>offset</c>/<c>size</c> counted
/// from the start of the file (valid when offset &gt; 1, as schema.fbs says).
/// </summary>
internal static class TfliteBufferReader
{
    /// <summary>
    /// The bytes of buffer <paramref name="index"/>, or an empty span when it holds none. Buffer 0 is
    /// the schema's empty sentinel ("no data") whatever it contains.
    /// </summary>
    /// <param name="ctx">The import.</param>
    /// <param name="index">The buffer index a tensor or metadata entry refers to.</param>
    /// <param name="user">Who refers to it (a tensor or a metadata entry), named in error messages.</param>
    /// <exception cref="Core.ModelFormatException">The index or the bytes lie outside the model or the file.</exception>
    public static ReadOnlySpan<byte> Read(TfliteReadContext ctx, uint index, string user)
    {
        if (index == 0) return [];
        int count = ctx.TableVectorLength(ctx.Root.BuffersLength, "the buffer list");
        if (index >= count)
            throw ctx.Error($"{user} refers to buffer {index}, but the model has {count} buffers");
        var buffer = ctx.Root.Buffers((int)index) ?? throw ctx.Error($"buffer {index} is missing");
        var data = ctx.VectorBytes(buffer.GetDataBytes(), buffer.DataLength, 1, $"buffer {index}");
        if (!data.IsEmpty) return data;

        ulong offset = buffer.Offset, size = buffer.Size;
        if (offset <= 1 || size == 0) return [];
        ulong length = (ulong)ctx.Bytes.Length;
        if (offset > length || size > length - offset)
            throw ctx.Error($"{user}: buffer {index} lies outside the file (offset {offset}, size {size}, file {length} bytes)");
        return ctx.Bytes.AsSpan((int)offset, (int)size);
    }
}
