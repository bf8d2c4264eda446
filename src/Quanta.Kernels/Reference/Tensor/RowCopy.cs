namespace Quanta.Kernels;

/// <summary>Copies a run of equally long byte rows between strided positions: the inner loop of
/// Concat, Split, Pack and Unpack, where each input is a contiguous block of every outer row.</summary>
public static class RowCopy
{
    /// <summary>For r in [0, rows): copies <paramref name="rowBytes"/> bytes from
    /// <c>source[sourceOffset + r·sourceStride]</c> to <c>destination[destinationOffset + r·destinationStride]</c>.</summary>
    public static void Copy(ReadOnlySpan<byte> source, long sourceOffset, long sourceStride,
        Span<byte> destination, long destinationOffset, long destinationStride, int rows, int rowBytes)
    {
        if (rowBytes == 0) return;
        for (int r = 0; r < rows; r++)
        {
            source.Slice(checked((int)(sourceOffset + r * sourceStride)), rowBytes)
                .CopyTo(destination.Slice(checked((int)(destinationOffset + r * destinationStride)), rowBytes));
        }
    }

    /// <summary>Fills <paramref name="destination"/> with copies of one element's bytes
    /// (<paramref name="element"/>): a constant pad value, ConstantOfShape, FILL.</summary>
    public static void Fill(Span<byte> destination, ReadOnlySpan<byte> element)
    {
        int size = element.Length;
        if (size == 0) return;
        bool uniform = true;
        for (int i = 1; i < size && uniform; i++) uniform = element[i] == element[0];
        if (uniform)
        {
            destination.Fill(element[0]);
            return;
        }
        for (int at = 0; at + size <= destination.Length; at += size) element.CopyTo(destination[at..]);
    }
}
