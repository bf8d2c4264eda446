using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-dwconv-minmax 16c for AVX2: 16 channels per step, taps in pairs. Both taps' 16 inputs are
/// sign-extended (vpmovsxbw), interleaved (vpunpcklwd/vpunpckhwd) and multiplied with the
/// interleaved weight pairs (vpmaddwd), so one instruction does 16 multiply-adds; any tap count
/// (3×3, 5×5, dilated, strided) is a list of pointers.
/// </summary>
public readonly unsafe struct QS8DwconvMinmax16cAvx2 : IQS8DwconvMicrokernel
{
    /// <summary>True when this CPU can run the kernel.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        if (weights.Taps == 9)
        {
            Run3x3<TRequant>(pixels, channels, weights, taps, tapStep, output, o);
            return;
        }
        int slots = 2 * weights.TapPairs;
        for (int px = 0; px < pixels; px++, output += channels)
        {
            Pixel<TRequant>(channels, weights, taps, output, o);
            for (int t = 0; t < slots; t++) taps[t] += tapStep;
        }
    }

    /// <summary>
    /// The 3×3 case (MobileNet's): the nine tap pointers live in registers for the whole run, so
    /// the channel loop is only loads, vpmovsxbw, unpacks, vpmaddwd and adds. The ninth tap is
    /// paired with itself against the packed (w8, 0) weights.
    /// </summary>
    private static void Run3x3<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        sbyte* i0 = taps[0], i1 = taps[1], i2 = taps[2], i3 = taps[3], i4 = taps[4], i5 = taps[5], i6 = taps[6], i7 = taps[7], i8 = taps[8];
        int blockInts = weights.Params.BlockInts;
        nint groupStride = weights.GroupStride, full = channels & ~15;
        short* w0 = weights.Pointer;
        int* p0 = weights.Params.Block(0);
        sbyte** current = stackalloc sbyte*[10];
        for (int px = 0; px < pixels; px++, output += channels)
        {
            short* w = w0;
            int* p = p0;
            nint c = 0;
            for (; c < full; c += 16, w += groupStride, p += 2 * blockInts)
            {
                var accLow = Avx.LoadVector256(p);
                var accHigh = Avx.LoadVector256(p + blockInts);
                Pair(i0 + c, i1 + c, w, ref accLow, ref accHigh);
                Pair(i2 + c, i3 + c, w + 32, ref accLow, ref accHigh);
                Pair(i4 + c, i5 + c, w + 64, ref accLow, ref accHigh);
                Pair(i6 + c, i7 + c, w + 96, ref accLow, ref accHigh);
                Pair(i8 + c, i8 + c, w + 128, ref accLow, ref accHigh);
                Store<TRequant>(accLow, accHigh, p, blockInts, output + c, o);
            }
            if (c < channels)
            {
                current[0] = i0; current[1] = i1; current[2] = i2; current[3] = i3; current[4] = i4;
                current[5] = i5; current[6] = i6; current[7] = i7; current[8] = i8; current[9] = i8;
                Tail<TRequant>(channels, (int)c, weights, current, output, o);
            }
            i0 += tapStep; i1 += tapStep; i2 += tapStep; i3 += tapStep; i4 += tapStep;
            i5 += tapStep; i6 += tapStep; i7 += tapStep; i8 += tapStep;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair(sbyte* a, sbyte* b, short* w, ref Vector256<int> accLow, ref Vector256<int> accHigh)
    {
        var x0 = Avx2.ConvertToVector256Int16(a);
        var x1 = Avx2.ConvertToVector256Int16(b);
        accLow = Avx2.Add(accLow, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), Avx.LoadVector256(w)));
        accHigh = Avx2.Add(accHigh, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), Avx.LoadVector256(w + 16)));
    }

    /// <summary>Channels [<paramref name="c"/>, <paramref name="channels"/>) (fewer than 16) of one pixel,
    /// through zero-padded copies of the taps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tail<TRequant>(int channels, int c, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int pairs = weights.TapPairs, rest = channels - c;
        sbyte* rows = stackalloc sbyte[2 * pairs * 16];
        sbyte** tailTaps = stackalloc sbyte*[2 * pairs];
        for (int t = 0; t < 2 * pairs; t++)
        {
            tailTaps[t] = rows + 16 * t;
            Unsafe.InitBlock(tailTaps[t], 0, 16);
            Unsafe.CopyBlock(tailTaps[t], taps[t] + c, (uint)rest);
        }
        sbyte* tile = stackalloc sbyte[16];
        Group<TRequant>(tailTaps, 0, pairs, weights.Pointer + (c / 16) * weights.GroupStride, weights.Params.Block(c / 8), weights.Params.BlockInts, tile, o);
        Unsafe.CopyBlock(output + c, tile, (uint)rest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pixel<TRequant>(int channels, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int pairs = weights.TapPairs, groupStride = weights.GroupStride, blockInts = weights.Params.BlockInts;
        short* w = weights.Pointer;
        int c = 0;
        for (; c + 16 <= channels; c += 16, w += groupStride)
            Group<TRequant>(taps, c, pairs, w, weights.Params.Block(c / 8), blockInts, output + c, o);
        if (c < channels) Tail<TRequant>(channels, c, weights, taps, output, o);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TRequant>(sbyte** taps, int c, int pairs, short* w, int* p, int blockInts, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        var accLow = Avx.LoadVector256(p);
        var accHigh = Avx.LoadVector256(p + blockInts);
        for (int t = 0; t < pairs; t++, w += 32)
        {
            var x0 = Avx2.ConvertToVector256Int16(taps[2 * t] + c);
            var x1 = Avx2.ConvertToVector256Int16(taps[2 * t + 1] + c);
            accLow = Avx2.Add(accLow, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), Avx.LoadVector256(w)));
            accHigh = Avx2.Add(accHigh, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), Avx.LoadVector256(w + 16)));
        }
        Store<TRequant>(accLow, accHigh, p, blockInts, output, o);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TRequant>(Vector256<int> accLow, Vector256<int> accHigh, int* p, int blockInts, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        // Low holds channels 0–3 | 8–11 and high 4–7 | 12–15, so vpackssdw yields 0–7 | 8–15.
        var words = Avx2.PackSignedSaturate(TRequant.Apply(accLow, p, o), TRequant.Apply(accHigh, p + blockInts, o));
        var bytes = Avx2.PackSignedSaturate(words, words);
        var packed = Avx2.Permute4x64(bytes.AsInt64(), 0b11_01_10_00).AsSByte().GetLower();
        Sse41.Min(Sse41.Max(packed, Vector128.Create((sbyte)o.Min)), Vector128.Create((sbyte)o.Max)).Store(output);
    }
}
