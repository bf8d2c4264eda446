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
    /// <returns>A pinned array.</returns>
    public static float[] Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int channels, int taps)
    {
        int block = Block, blocks = (channels + block - 1) / block;
        var packed = GC.AllocateArray<float>(checked(blocks * block * (taps + 1)), pinned: true);
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
        return packed;
    }

    /// <summary>Computes one output pixel's <paramref name="channels"/> values.</summary>
    /// <param name="channels">C.</param>
    /// <param name="taps">Window taps.</param>
    /// <param name="x">The pixel's input pointers, one per tap.</param>
    /// <param name="w">Packed weights.</param>
    /// <param name="y">The pixel's outputs.</param>
    /// <param name="min">Lower clamp.</param>
    /// <param name="max">Upper clamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int channels, int taps, float** x, float* w, float* y, float min, float max)
    {
        int lanes = TVector.Count, block = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        nint c = 0;
        for (; c + block <= channels; c += block)
        {
            var acc0 = TVector.Load(w);
            var acc1 = TVector.Load(w + lanes);
            w += block;
            for (int t = 0; t < taps; t++)
            {
                float* xt = x[t] + c;
                acc0 = TVector.MultiplyAdd(TVector.Load(xt), TVector.Load(w), acc0);
                acc1 = TVector.MultiplyAdd(TVector.Load(xt + lanes), TVector.Load(w + lanes), acc1);
                w += block;
            }
            F32Tile.Store2(y + c, acc0, acc1, vmin, vmax);
        }
        if (c < channels) Tail(channels, taps, c, x, w, y + c, vmin, vmax, min, max);
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
