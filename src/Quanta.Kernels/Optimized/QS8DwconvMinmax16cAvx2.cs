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
    public static void Run<TRequant>(int channels, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams o)
        where TRequant : IQS8Requantization
    {
        int pairs = weights.TapPairs, groupStride = weights.GroupStride, blockInts = weights.Params.BlockInts;
        short* w = weights.Pointer;
        int c = 0;
        for (; c + 16 <= channels; c += 16, w += groupStride)
            Group<TRequant>(taps, c, pairs, w, weights.Params.Block(c / 8), blockInts, output + c, o);
        if (c == channels) return;

        // Tail: copy the remaining channels of every tap into zero-padded 16-byte rows.
        int rest = channels - c;
        sbyte* rows = stackalloc sbyte[2 * pairs * 16];
        sbyte** tailTaps = stackalloc sbyte*[2 * pairs];
        for (int t = 0; t < 2 * pairs; t++)
        {
            tailTaps[t] = rows + 16 * t;
            Unsafe.InitBlock(tailTaps[t], 0, 16);
            Unsafe.CopyBlock(tailTaps[t], taps[t] + c, (uint)rest);
        }
        sbyte* tile = stackalloc sbyte[16];
        Group<TRequant>(tailTaps, 0, pairs, w, weights.Params.Block(c / 8), blockInts, tile, o);
        Unsafe.CopyBlock(output + c, tile, (uint)rest);
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
        // Low holds channels 0–3 | 8–11 and high 4–7 | 12–15, so vpackssdw yields 0–7 | 8–15.
        var words = Avx2.PackSignedSaturate(TRequant.Apply(accLow, p, o), TRequant.Apply(accHigh, p + blockInts, o));
        var bytes = Avx2.PackSignedSaturate(words, words);
        var packed = Avx2.Permute4x64(bytes.AsInt64(), 0b11_01_10_00).AsSByte().GetLower();
        Sse41.Min(Sse41.Max(packed, Vector128.Create((sbyte)o.Min)), Vector128.Create((sbyte)o.Max)).Store(output);
    }
}
