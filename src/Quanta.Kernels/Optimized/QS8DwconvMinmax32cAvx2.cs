using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-dwconv-minmax 32c for AVX2: 32 channels per step, taps in pairs. The two taps' 32 input
/// bytes are interleaved (vpunpcklbw/vpunpckhbw) and then interleaved with zeros, which widens them
/// to int16 pairs (256·x_t, 256·x_t+1) with in-lane unpacks only — no vpmovsxbw, which crosses lanes
/// and is slow — and four vpmaddwd give 64 multiply-adds. The accumulators are shifted back by 8
/// before the bias (exact; see <see cref="QS8DepthwiseWeights"/>). A remaining 16 channels use one
/// 128-bit lane of the same packing; fewer than 16 go through zero-padded copies. 3×3 windows keep
/// their nine tap pointers in registers; other windows read a pointer list.
/// </summary>
public readonly unsafe struct QS8DwconvMinmax32cAvx2 : IQS8DwconvMicrokernel
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
            // By value: a local copy the JIT can keep in registers across the output stores
            // (through the `in` reference it reloads and reconverts the clamp bounds every group).
            Run3x3<TRequant>(pixels, channels, weights, taps, tapStep, output, o.ZeroPoint, o.Min, o.Max);
            return;
        }
        int slots = 2 * weights.TapPairs;
        for (int px = 0; px < pixels; px++, output += channels)
        {
            Pixel<TRequant>(channels, weights, taps, output, o);
            for (int t = 0; t < slots; t++) taps[t] += tapStep;
        }
    }

    private static void Run3x3<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        int zeroPoint, int min, int max) where TRequant : IQS8Requantization
    {
        var o = new QS8OutputParams(zeroPoint, min, max);
        sbyte* i0 = taps[0], i1 = taps[1], i2 = taps[2], i3 = taps[3], i4 = taps[4], i5 = taps[5], i6 = taps[6], i7 = taps[7], i8 = taps[8];
        int blockInts = weights.Params.BlockInts;
        nint groupStride = weights.GroupStride, full = channels & ~31;
        short* w0 = weights.Pointer;
        int* p0 = weights.Params.Block(0);
        sbyte** current = stackalloc sbyte*[10];
        sbyte* tile = stackalloc sbyte[32];
        for (int px = 0; px < pixels; px++, output += channels)
        {
            short* w = w0;
            int* p = p0;
            nint c = 0;
            for (; c < full; c += 32, w += groupStride, p += 4 * blockInts)
            {
                Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
                Pair(i0 + c, i1 + c, w, ref a0, ref a1, ref a2, ref a3);
                Pair(i2 + c, i3 + c, w + 64, ref a0, ref a1, ref a2, ref a3);
                Pair(i4 + c, i5 + c, w + 128, ref a0, ref a1, ref a2, ref a3);
                Pair(i6 + c, i7 + c, w + 192, ref a0, ref a1, ref a2, ref a3);
                Pair(i8 + c, i8 + c, w + 256, ref a0, ref a1, ref a2, ref a3); // (w8, 0): the ninth tap pairs with itself
                Store<TRequant>(a0, a1, a2, a3, p, blockInts, output + c, o);
            }
            if (channels - c >= 16)
            {
                // A 16-channel remainder (e.g. 144 = 4·32 + 16) in the low lanes of the 32-channel
                // scheme: 128-bit loads, the group's weights and parameters, only the low 16 bytes stored.
                Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
                PairLow(i0 + c, i1 + c, w, ref a0, ref a1, ref a2, ref a3);
                PairLow(i2 + c, i3 + c, w + 64, ref a0, ref a1, ref a2, ref a3);
                PairLow(i4 + c, i5 + c, w + 128, ref a0, ref a1, ref a2, ref a3);
                PairLow(i6 + c, i7 + c, w + 192, ref a0, ref a1, ref a2, ref a3);
                PairLow(i8 + c, i8 + c, w + 256, ref a0, ref a1, ref a2, ref a3);
                Store<TRequant>(a0, a1, a2, a3, p, blockInts, tile, o);
                Vector128.Load(tile).Store(output + c);
                c += 16;
            }
            if (c < channels)
            {
                current[0] = i0; current[1] = i1; current[2] = i2; current[3] = i3; current[4] = i4;
                current[5] = i5; current[6] = i6; current[7] = i7; current[8] = i8; current[9] = i8;
                Rest<TRequant>(channels, (int)c, weights, current, output, o);
            }
            i0 += tapStep; i1 += tapStep; i2 += tapStep; i3 += tapStep; i4 += tapStep;
            i5 += tapStep; i6 += tapStep; i7 += tapStep; i8 += tapStep;
        }
    }

    private static void Pixel<TRequant>(int channels, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int pairs = weights.TapPairs, blockInts = weights.Params.BlockInts;
        nint groupStride = weights.GroupStride, full = channels & ~31;
        short* w = weights.Pointer;
        int* p = weights.Params.Block(0);
        nint c = 0;
        for (; c < full; c += 32, w += groupStride, p += 4 * blockInts)
        {
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            short* wt = w;
            for (int t = 0; t < pairs; t++, wt += 64) Pair(taps[2 * t] + c, taps[2 * t + 1] + c, wt, ref a0, ref a1, ref a2, ref a3);
            Store<TRequant>(a0, a1, a2, a3, p, blockInts, output + c, o);
        }
        if (c < channels) Rest<TRequant>(channels, (int)c, weights, taps, output, o);
    }

    /// <summary>One tap pair on 32 channels (see the type's summary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair(sbyte* ta, sbyte* tb, short* w, ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3)
    {
        var xa = Avx.LoadVector256(ta);
        var xb = Avx.LoadVector256(tb);
        var lo = Avx2.UnpackLow(xa, xb);
        var hi = Avx2.UnpackHigh(xa, xb);
        var zero = Vector256<sbyte>.Zero;
        a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(zero, lo).AsInt16(), Avx.LoadVector256(w)));
        a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(zero, lo).AsInt16(), Avx.LoadVector256(w + 16)));
        a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(zero, hi).AsInt16(), Avx.LoadVector256(w + 32)));
        a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(zero, hi).AsInt16(), Avx.LoadVector256(w + 48)));
    }

    /// <summary><see cref="Pair"/> on 16 channels: the taps' bytes in the low lanes (the high lanes are
    /// don't-care and never stored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairLow(sbyte* ta, sbyte* tb, short* w, ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3)
    {
        var xa = Vector128.Load(ta).ToVector256();
        var xb = Vector128.Load(tb).ToVector256();
        var lo = Avx2.UnpackLow(xa, xb);
        var hi = Avx2.UnpackHigh(xa, xb);
        var zero = Vector256<sbyte>.Zero;
        a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(zero, lo).AsInt16(), Avx.LoadVector256(w)));
        a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(zero, lo).AsInt16(), Avx.LoadVector256(w + 16)));
        a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(zero, hi).AsInt16(), Avx.LoadVector256(w + 32)));
        a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(zero, hi).AsInt16(), Avx.LoadVector256(w + 48)));
    }

    /// <summary>Unscales the accumulators, adds the bias, requantizes, and stores 32 channels in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TRequant>(Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3, int* p, int blockInts,
        sbyte* output, in QS8OutputParams o) where TRequant : IQS8Requantization
    {
        var y0 = TRequant.Apply(Avx2.Add(Avx2.ShiftRightArithmetic(a0, 8), Avx.LoadVector256(p)), p, o);
        var y1 = TRequant.Apply(Avx2.Add(Avx2.ShiftRightArithmetic(a1, 8), Avx.LoadVector256(p + blockInts)), p + blockInts, o);
        var y2 = TRequant.Apply(Avx2.Add(Avx2.ShiftRightArithmetic(a2, 8), Avx.LoadVector256(p + 2 * blockInts)), p + 2 * blockInts, o);
        var y3 = TRequant.Apply(Avx2.Add(Avx2.ShiftRightArithmetic(a3, 8), Avx.LoadVector256(p + 3 * blockInts)), p + 3 * blockInts, o);
        // y0|y1 hold channels 0–7 | 16–23 after vpackssdw, y2|y3 8–15 | 24–31; vpacksswb interleaves
        // the two per lane into 0–15 | 16–31: channel order, no permute needed.
        var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(y0, y1), Avx2.PackSignedSaturate(y2, y3));
        Avx2.Min(Avx2.Max(bytes, Vector256.Create((sbyte)o.Min)), Vector256.Create((sbyte)o.Max)).Store(output);
    }

    /// <summary>Channels [c, channels) of one pixel, fewer than 32: a 128-bit half-group, then a
    /// zero-padded copy for the last few.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Rest<TRequant>(int channels, int c, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        if (channels - c >= 16)
        {
            QS8DwconvMinmax16cVector128.Half<TRequant>(taps, c, weights, output + c, o);
            c += 16;
        }
        if (c < channels) QS8DwconvMinmax16cVector128.Tail<TRequant>(channels, c, weights, taps, output, o);
    }
}
