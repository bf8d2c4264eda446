namespace Quanta.Kernels;

/// <summary>
/// PAD / PADV2 for quantized tensors (TFLite's reference_ops::Pad): the output is filled with the
/// pad value — the output zero point, i.e. real 0, unless PADV2 gives a constant — and the input is
/// copied into place. Input and output share quantization parameters.
/// </summary>
public static class PadInteger
{
    /// <summary>Pads a row-major tensor of any rank.</summary>
    /// <param name="input">The input elements.</param>
    /// <param name="inputDims">Input shape.</param>
    /// <param name="before">Elements added before each dimension (≥ 0).</param>
    /// <param name="outputDims">Output shape: inputDims + before + after.</param>
    /// <param name="padValue">The fill value.</param>
    /// <param name="output">The output elements.</param>
    /// <exception cref="ArgumentException">The ranks differ or a padding is negative.</exception>
    public static void Pad<T>(ReadOnlySpan<T> input, ReadOnlySpan<int> inputDims, ReadOnlySpan<int> before, ReadOnlySpan<int> outputDims,
        T padValue, Span<T> output) where T : unmanaged
    {
        int rank = inputDims.Length;
        if (before.Length != rank || outputDims.Length != rank) throw new ArgumentException("pad ranks differ");
        output.Fill(padValue);
        if (input.IsEmpty) return;
        if (rank == 0)
        {
            output[0] = input[0];
            return;
        }
        Span<long> outStrides = stackalloc long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (before[d] < 0 || outputDims[d] < inputDims[d] + before[d]) throw new ArgumentException($"invalid padding on dimension {d}");
            outStrides[d] = s;
            s *= outputDims[d];
        }
        // Copy rows of the last dimension; walk the other dimensions with an odometer.
        int row = inputDims[rank - 1];
        long rows = input.Length / row;
        Span<int> index = stackalloc int[rank];
        for (long r = 0; r < rows; r++)
        {
            long offset = before[rank - 1];
            for (int d = 0; d < rank - 1; d++) offset += (index[d] + before[d]) * outStrides[d];
            input.Slice((int)(r * row), row).CopyTo(output.Slice((int)offset, row));
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < inputDims[d]) break;
                index[d] = 0;
            }
        }
    }
}
