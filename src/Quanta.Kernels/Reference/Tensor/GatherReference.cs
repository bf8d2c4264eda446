using System.Numerics;

namespace Quanta.Kernels;

/// <summary>Gathers slices of a tensor by index, for any element type (ONNX Gather/GatherElements,
/// TFLite GATHER).</summary>
/// <remarks>Negative indices count from the end of the axis (ONNX; TFLite's GATHER rejects them,
/// Quanta accepts both). An index outside [−n, n) is an input error, reported — never read out of bounds.</remarks>
public static class GatherReference
{
    /// <summary>
    /// Data seen as <c>[batch, outer, axis, inner]</c> and indices as <c>[batch, count]</c>: output
    /// <c>[batch, outer, count, inner]</c> with <c>y[b, o, k, :] = x[b, o, indices[b, k], :]</c>
    /// (batch is 1 except for TFLite's batch_dims).
    /// </summary>
    /// <param name="data">Raw element bytes of the data.</param>
    /// <param name="indices">The indices.</param>
    /// <param name="output">Raw element bytes of the output.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <param name="batch">Product of the batch dimensions.</param>
    /// <param name="outer">Product of the dimensions between the batch and the axis.</param>
    /// <param name="axis">Size of the gathered axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [−axis, axis).</exception>
    public static void Gather<TIndex>(ReadOnlySpan<byte> data, ReadOnlySpan<TIndex> indices, Span<byte> output,
        int elementSize, int batch, int outer, int axis, int inner)
        where TIndex : IBinaryInteger<TIndex>
    {
        int count = batch == 0 ? 0 : indices.Length / batch;
        int rowBytes = inner * elementSize;
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outer; o++)
            {
                long srcBase = ((long)b * outer + o) * axis;
                long dstBase = ((long)b * outer + o) * count;
                for (int k = 0; k < count; k++)
                {
                    long index = Normalize(long.CreateTruncating(indices[b * count + k]), axis);
                    data.Slice(checked((int)((srcBase + index) * rowBytes)), rowBytes)
                        .CopyTo(output.Slice(checked((int)((dstBase + k) * rowBytes)), rowBytes));
                }
            }
        }
    }

    /// <summary>
    /// ONNX GatherElements: <c>y[e] = x[baseOffsets[e] + indices[e]·axisStride]</c>, where the
    /// caller precomputed each output element's data offset with its axis coordinate set to 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [−axis, axis).</exception>
    public static void GatherElements<TIndex>(ReadOnlySpan<byte> data, ReadOnlySpan<TIndex> indices, Span<byte> output,
        int elementSize, ReadOnlySpan<long> baseOffsets, long axisStride, int axis)
        where TIndex : IBinaryInteger<TIndex>
    {
        for (int e = 0; e < indices.Length; e++)
        {
            long index = Normalize(long.CreateTruncating(indices[e]), axis);
            data.Slice(checked((int)((baseOffsets[e] + index * axisStride) * elementSize)), elementSize)
                .CopyTo(output.Slice(e * elementSize, elementSize));
        }
    }

    private static long Normalize(long index, int axis)
    {
        long i = index < 0 ? index + axis : index;
        if (i < 0 || i >= axis)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index {index} is outside [{-axis}, {axis})");
        return i;
    }
}
