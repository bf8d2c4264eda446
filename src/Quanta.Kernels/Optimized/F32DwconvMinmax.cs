using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// The fp32 depthwise-convolution microkernel with a min/max epilogue (XNNPACK's f32-dwconv-minmax
/// "unipass", 16 channels per step on AVX2, 8 on 128-bit vectors): for one output pixel,
/// <c>y[c] = clamp(bias[c] + Σ_t x_t[c]·w[t, c], min, max)</c> where x_t is the input pixel of tap
/// t (or a zero row in the padding), found through an indirection buffer. Any window size: 3×3
/// and 5×5, stride 1 or 2, dilation, all run this loop with their own tap count.
/// </summary>
/// <remarks>
/// Weights are packed once by <see cref="Pack"/>: per block of two vectors of channels, the
/// biases then one row per tap; channels past C are zero. Channels that fill no whole vector are
/// finished in scalar code, so no load reads past a pixel's C channels. Taps are added in order
/// with one fused multiply-add each (one rounding per term on AVX2).
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
public static unsafe class F32DwconvMinmax<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Channels per block: two vectors.</summary>
    public static int Block => 2 * TVector.Count;

    /// <summary>Packs depthwise weights [taps, C] (TFLite [1, KH, KW, C] with multiplier 1) and a bias per channel.</summary>
    /// <returns>A cache-line-aligned buffer.</returns>
    public static AlignedFloats Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int channels, int taps)
    {
        int block = Block, blocks = (channels + block - 1) / block;
        var buffer = new AlignedFloats(checked(blocks * block * (taps + 1)));
        var packed = buffer.Span;
        int offset = 0;
        for (int c0 = 0; c0 < channels; c0 += block)
        {
            int width = Math.Min(block, channels - c0);
            for (int j = 0; j < width; j++) packed[offset + j] = bias.IsEmpty ? 0f : bias[c0 + j];
            offset += block;
            for (int t = 0; t < taps; t++)
            {
                for (int j = 0; j < width; j++) packed[offset + j] = weights[t * channels + c0 + j];
                offset += block;
            }
        }
        return buffer;
    }

    /// <summary>Output pixels per call.</summary>
    public const int Pixels = 4;

    /// <summary>Computes up to <see cref="Pixels"/> output pixels' <paramref name="channels"/> values.
    /// The weights are loaded once for all four, and four pixels × two vectors give eight
    /// independent multiply-add chains, enough to hide the FMA latency that one pixel's
    /// tap-after-tap chain exposes. Pixels past <paramref name="pixels"/> alias the last one.</summary>
    /// <param name="pixels">Pixels, 1 to <see cref="Pixels"/>.</param>
    /// <param name="channels">C.</param>
    /// <param name="taps">Window taps.</param>
    /// <param name="x">The pixels' input pointers: <paramref name="taps"/> per pixel, pixel after pixel.</param>
    /// <param name="w">Packed weights.</param>
    /// <param name="y">Pixel 0's outputs; pixel p's at <c>y + p·channels</c>.</param>
    /// <param name="min">Lower clamp.</param>
    /// <param name="max">Upper clamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int pixels, int channels, int taps, float** x, float* w, float* y, float min, float max)
    {
        float** x0 = x;
        float** x1 = pixels > 1 ? x0 + taps : x0;
        float** x2 = pixels > 2 ? x1 + taps : x1;
        float** x3 = pixels > 3 ? x2 + taps : x2;
        float* y0 = y;
        float* y1 = pixels > 1 ? y0 + channels : y0;
        float* y2 = pixels > 2 ? y1 + channels : y1;
        float* y3 = pixels > 3 ? y2 + channels : y2;
        int lanes = TVector.Count, block = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        nint c = 0;
        for (; c + block <= channels; c += block)
        {
            var acc00 = TVector.Load(w);
            var acc01 = TVector.Load(w + lanes);
            TVector acc10 = acc00, acc11 = acc01, acc20 = acc00, acc21 = acc01, acc30 = acc00, acc31 = acc01;
            w += block;
            for (int t = 0; t < taps; t++)
            {
                float* p0 = x0[t] + c, p1 = x1[t] + c, p2 = x2[t] + c, p3 = x3[t] + c;
                var w0 = TVector.Load(w);
                var w1 = TVector.Load(w + lanes);
                // Weights first: the input load folds into the multiply-add as its memory operand.
                acc00 = TVector.MultiplyAddLoad(w0, p0, acc00);
                acc01 = TVector.MultiplyAddLoad(w1, p0 + lanes, acc01);
                acc10 = TVector.MultiplyAddLoad(w0, p1, acc10);
                acc11 = TVector.MultiplyAddLoad(w1, p1 + lanes, acc11);
                acc20 = TVector.MultiplyAddLoad(w0, p2, acc20);
                acc21 = TVector.MultiplyAddLoad(w1, p2 + lanes, acc21);
                acc30 = TVector.MultiplyAddLoad(w0, p3, acc30);
                acc31 = TVector.MultiplyAddLoad(w1, p3 + lanes, acc31);
                w += block;
            }
            F32Tile.Store2(y3 + c, acc30, acc31, vmin, vmax);
            F32Tile.Store2(y2 + c, acc20, acc21, vmin, vmax);
            F32Tile.Store2(y1 + c, acc10, acc11, vmin, vmax);
            F32Tile.Store2(y0 + c, acc00, acc01, vmin, vmax);
        }
        if (c < channels)
        {
            Tail(channels, taps, c, x3, w, y3 + c, vmin, vmax, min, max);
            Tail(channels, taps, c, x2, w, y2 + c, vmin, vmax, min, max);
            Tail(channels, taps, c, x1, w, y1 + c, vmin, vmax, min, max);
            Tail(channels, taps, c, x0, w, y0 + c, vmin, vmax, min, max);
        }
    }

    /// <summary>The last, partial block: one vector if it fills one, then scalars.</summary>
    private static void Tail(int channels, int taps, nint c, float** x, float* w, float* y, TVector vmin, TVector vmax, float min, float max)
    {
        int lanes = TVector.Count, block = 2 * lanes, rest = (int)(channels - c);
        int done = 0;
        if (rest >= lanes)
        {
            var acc = TVector.Load(w);
            for (int t = 0; t < taps; t++) acc = TVector.MultiplyAdd(TVector.Load(x[t] + c), TVector.Load(w + (t + 1) * block), acc);
            TVector.Store(y, TVector.Min(TVector.Max(acc, vmin), vmax));
            done = lanes;
        }
        for (int j = done; j < rest; j++)
        {
            float acc = w[j];
            for (int t = 0; t < taps; t++) acc = MathF.FusedMultiplyAdd(x[t][c + j], w[(t + 1) * block + j], acc);
            y[j] = MathF.Min(MathF.Max(acc, min), max);
        }
    }
}
