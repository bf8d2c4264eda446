using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-dwconv-minmax 16c with 128-bit vectors: the byte-interleave scheme of
/// <see cref="QS8DwconvMinmax32cAvx2"/> on one 16-channel half of each packed 32-channel group at a
/// time (SSE on x86, portable forms elsewhere). Also serves the AVX2 kernel's remainders.
/// </summary>
public readonly unsafe struct QS8DwconvMinmax16cVector128 : IQS8DwconvMicrokernel
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        int slots = 2 * weights.TapPairs, full = channels & ~15;
        for (int px = 0; px < pixels; px++, output += channels)
        {
            int c = 0;
            for (; c < full; c += 16) Half<TRequant>(taps, c, weights, output + c, o);
            if (c < channels) Tail<TRequant>(channels, c, weights, taps, output, o);
            for (int t = 0; t < slots; t++) taps[t] += tapStep;
        }
    }

    /// <summary>Channels c … c+15 (c a multiple of 16) of one pixel: lane (c mod 32)/16 of group c/32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Half<TRequant>(sbyte** taps, int c, QS8DepthwiseWeights weights, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int group = c / QS8DepthwiseWeights.GroupChannels, lane = 4 * ((c / 16) & 1), pairs = weights.TapPairs, blockInts = weights.Params.BlockInts;
        short* w = weights.Pointer + (nint)group * weights.GroupStride + 2 * lane;
        Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int t = 0; t < pairs; t++, w += 64)
        {
            var xa = Vector128.Load(taps[2 * t] + c);
            var xb = Vector128.Load(taps[2 * t + 1] + c);
            var lo = QS8Vector128.InterleaveLow(xa, xb);
            var hi = QS8Vector128.InterleaveHigh(xa, xb);
            var zero = Vector128<sbyte>.Zero;
            a0 += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveLow(zero, lo).AsInt16(), Vector128.Load(w));
            a1 += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveHigh(zero, lo).AsInt16(), Vector128.Load(w + 16));
            a2 += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveLow(zero, hi).AsInt16(), Vector128.Load(w + 32));
            a3 += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveHigh(zero, hi).AsInt16(), Vector128.Load(w + 48));
        }
        int* p = weights.Params.Block(4 * group);
        var y0 = TRequant.Apply(Vector128.ShiftRightArithmetic(a0, 8) + Vector128.Load(p + lane), p, lane, o);
        var y1 = TRequant.Apply(Vector128.ShiftRightArithmetic(a1, 8) + Vector128.Load(p + blockInts + lane), p + blockInts, lane, o);
        var y2 = TRequant.Apply(Vector128.ShiftRightArithmetic(a2, 8) + Vector128.Load(p + 2 * blockInts + lane), p + 2 * blockInts, lane, o);
        var y3 = TRequant.Apply(Vector128.ShiftRightArithmetic(a3, 8) + Vector128.Load(p + 3 * blockInts + lane), p + 3 * blockInts, lane, o);
        QS8Vector128.PackClamp(y0, y1, y2, y3, o.Min, o.Max).Store(output);
    }

    /// <summary>Channels [c, channels), fewer than 16, through copies of every tap into zero-padded 16-byte rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Tail<TRequant>(int channels, int c, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int slots = 2 * weights.TapPairs, rest = channels - c;
        // The copies sit at channel offset c within 16-byte-aligned rows' frame: row t holds tap t's
        // channels c … channels−1 at positions 0 … rest−1, so Half reads them at offset c via a shifted base.
        sbyte* rows = stackalloc sbyte[slots * 16];
        sbyte** shifted = stackalloc sbyte*[slots];
        for (int t = 0; t < slots; t++)
        {
            sbyte* row = rows + 16 * t;
            Unsafe.InitBlock(row, 0, 16);
            Unsafe.CopyBlock(row, taps[t] + c, (uint)rest);
            shifted[t] = row - c;
        }
        sbyte* tile = stackalloc sbyte[16];
        Half<TRequant>(shifted, c, weights, tile, o);
        Unsafe.CopyBlock(output + c, tile, (uint)rest);
    }
}
