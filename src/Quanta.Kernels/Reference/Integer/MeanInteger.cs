using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized MEAN, bit-exact with TFLite's integer <c>reference_ops::QuantizedMeanOrSum</c> (reduce.h,
/// TF ≥ 2.13 and TFLite Micro since 2023): sums in int32, then one requantization whose multiplier
/// s_in/s_out absorbs 1/count.
/// </summary>
/// <remarks>
/// 1/count is folded into the multiplier: with k = min(⌊log2 count⌋, 32, 31 + shift),
/// m' = ⌊m·2^k / count⌋ and shift' = shift − k, so m' keeps its precision; then
/// <c>y = clamp(Zy + M'·(Σx − Zx·count))</c> with the 32-bit multiply. Sums of up to 2^16 int16
/// elements fit int32; larger ones wrap as TFLite's do.
/// </remarks>
public static class MeanInteger
{
    /// <summary>The requantization of a mean over <paramref name="count"/> elements.</summary>
    public static QuantizedMultiplier MeanMultiplier(float inputScale, float outputScale, long count)
    {
        var m = QuantizedMultiplier.FromDouble((double)inputScale / outputScale);
        if (count <= 0) return m;
        int shift = 63 - BitOperations.LeadingZeroCount((ulong)count);
        shift = Math.Min(shift, 32);
        shift = Math.Min(shift, 31 + m.Shift);
        return new((int)(((long)m.Multiplier << shift) / count), m.Shift - shift);
    }

    /// <summary>Averages over the axes flagged in <paramref name="reduced"/>.</summary>
    /// <param name="input">Row-major input.</param>
    /// <param name="inputDims">Input shape.</param>
    /// <param name="reduced">Per input axis: true when it is reduced.</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="multiplier">From <see cref="MeanMultiplier"/>.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="sums">Scratch, one int per output element.</param>
    /// <param name="output">The kept axes in order (keep_dims only changes the shape, not the layout).</param>
    public static void Mean<T>(ReadOnlySpan<T> input, ReadOnlySpan<int> inputDims, ReadOnlySpan<bool> reduced, int inputZeroPoint,
        QuantizedMultiplier multiplier, int outputZeroPoint, Span<int> sums, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int rank = inputDims.Length;
        long count = 1;
        for (int d = 0; d < rank; d++) if (reduced[d]) count *= inputDims[d];
        if (count == 1 && !reduced.Contains(true))
        {
            input.CopyTo(output); // no axis: TFLite's ReduceIsCopy
            return;
        }
        sums.Clear();
        Span<long> outStride = stackalloc long[Math.Max(rank, 1)];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            outStride[d] = reduced[d] ? 0 : s;
            if (!reduced[d]) s *= inputDims[d];
        }
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        long outOffset = 0;
        for (int i = 0; i < input.Length; i++)
        {
            sums[(int)outOffset] = unchecked(sums[(int)outOffset] + int.CreateTruncating(input[i]));
            for (int d = rank - 1; d >= 0; d--)
            {
                outOffset += outStride[d];
                if (++index[d] < inputDims[d]) break;
                outOffset -= outStride[d] * index[d];
                index[d] = 0;
            }
        }
        if (count == 0)
        {
            output.Clear();
            return;
        }
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int o = 0; o < output.Length; o++)
        {
            int shiftedSum = unchecked((int)(sums[o] - (long)inputZeroPoint * count));
            int y = multiplier.Apply(shiftedSum) + outputZeroPoint;
            output[o] = T.CreateTruncating(Math.Clamp(y, min, max));
        }
    }
}
