using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-dwconv-minmax 16c with 128-bit vectors: the <see cref="QS8DwconvMinmax16cAvx2"/> scheme on
/// each 8-channel half of a packed 16-channel group (SSE on x86, portable forms elsewhere).
/// </summary>
public readonly unsafe struct QS8DwconvMinmax16cVector128 : IQS8DwconvMicrokernel
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        int slots = 2 * weights.TapPairs;
        for (int px = 0; px < pixels; px++, output += channels)
        {
            Pixel<TRequant>(channels, weights, taps, output, o);
            for (int t = 0; t < slots; t++) taps[t] += tapStep;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pixel<TRequant>(int channels, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int pairs = weights.TapPairs, groupStride = weights.GroupStride, blockInts = weights.Params.BlockInts;
        short* w = weights.Pointer;
        int c = 0;
        for (; c + 16 <= channels; c += 16, w += groupStride)
        {
            int* p = weights.Params.Block(c / 8);
            var low = Half<TRequant>(taps, c, pairs, w, p, blockInts, 0, o);
            var high = Half<TRequant>(taps, c + 8, pairs, w, p, blockInts, 1, o);
            QS8Vector128.PackClamp(low.Low, low.High, high.Low, high.High, o.Min, o.Max).Store(output + c);
        }
        if (c == channels) return;

        int rest = channels - c;
        sbyte* rows = stackalloc sbyte[2 * pairs * 16];
        sbyte** tailTaps = stackalloc sbyte*[2 * pairs];
        for (int t = 0; t < 2 * pairs; t++)
        {
            tailTaps[t] = rows + 16 * t;
            Unsafe.InitBlock(tailTaps[t], 0, 16);
            Unsafe.CopyBlock(tailTaps[t], taps[t] + c, (uint)rest);
        }
        int* pt = weights.Params.Block(c / 8);
        var lo = Half<TRequant>(tailTaps, 0, pairs, w, pt, blockInts, 0, o);
        var hi = Half<TRequant>(tailTaps, 8, pairs, w, pt, blockInts, 1, o);
        sbyte* tile = stackalloc sbyte[16];
        QS8Vector128.PackClamp(lo.Low, lo.High, hi.Low, hi.High, o.Min, o.Max).Store(tile);
        Unsafe.CopyBlock(output + c, tile, (uint)rest);
    }

    /// <summary>Channels c … c+7: half <paramref name="half"/> of the group's packed layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<int> Low, Vector128<int> High) Half<TRequant>(sbyte** taps, int c, int pairs, short* w, int* p, int blockInts, int half,
        in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        int lane = 4 * half;
        var accLow = Vector128.Load(p + lane);
        var accHigh = Vector128.Load(p + blockInts + lane);
        short* wl = w + 8 * half;
        for (int t = 0; t < pairs; t++, wl += 32)
        {
            var x0 = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(taps[2 * t] + c)).AsSByte());
            var x1 = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(taps[2 * t + 1] + c)).AsSByte());
            accLow += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveLow(x0, x1), Vector128.Load(wl));
            accHigh += QS8Vector128.MultiplyAddAdjacent(QS8Vector128.InterleaveHigh(x0, x1), Vector128.Load(wl + 16));
        }
        return (TRequant.Apply(accLow, p, lane, o), TRequant.Apply(accHigh, p + blockInts, lane, o));
    }
}
