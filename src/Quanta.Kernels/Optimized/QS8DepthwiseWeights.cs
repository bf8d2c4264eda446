using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// Depthwise int8 weights [1, fH, fW, C] packed once for the depthwise microkernels: per group of
/// 32 channels and per pair of taps (t, t+1), 64 int16 arranged for the byte-interleave scheme of
/// <see cref="QS8DwconvMinmax32cAvx2"/>, with bias (input zero point folded in) and requantization
/// beside them.
/// </summary>
/// <remarks>
/// <para>The kernels interleave the two taps' int8 inputs bytewise (vpunpcklbw/vpunpckhbw), then
/// interleave those bytes with zeros, which puts each input in the HIGH byte of an int16: the pair
/// (256·x_t, 256·x_t+1) meets (w_t, w_t+1) in one vpmaddwd, with no sign-extension instruction. The
/// unpacks work per 128-bit lane, so of a 32-channel group, vector v (0–3) of a tap pair holds
/// channels 4v…4v+3 in its low lane and 16+4v…16+4v+3 in its high lane, each as (w_t, w_t+1).
/// Parameter block 4g+v follows the same channel order; packing the four results with
/// vpackssdw/vpacksswb restores channel order. A 16-channel half uses one lane of each vector.</para>
/// <para>Exactness: each product is at most 128·256·128 = 2^22 in magnitude, so the sum over at most
/// 511 taps stays inside int32 and is an exact multiple of 256; an arithmetic shift by 8 recovers
/// Σ w·x exactly, then the bias <c>bias[c] − Zx·Σ_t w[t, c]</c> is added (wrapping, as the reference's
/// int32 accumulator does; see <see cref="QS8GemmWeights"/>). Padded taps read a buffer of Zx, whose
/// contribution the folded bias cancels. Odd tap counts get one extra tap of zero weights.</para>
/// </remarks>
public sealed unsafe class QS8DepthwiseWeights
{
    /// <summary>Channels per group.</summary>
    public const int GroupChannels = 32;

    /// <summary>Most taps the packed kernels accumulate exactly (see remarks).</summary>
    public const int MaxTaps = 511;

    private readonly short[] _weights;

    private QS8DepthwiseWeights(int channels, int taps, short[] weights, QS8ChannelParams channelParams)
    {
        Channels = channels;
        Taps = taps;
        _weights = weights;
        Params = channelParams;
    }

    /// <summary>Channels (C, the output channels).</summary>
    public int Channels { get; }

    /// <summary>Filter taps fH·fW.</summary>
    public int Taps { get; }

    /// <summary>Tap pairs (taps rounded up to even, halved).</summary>
    public int TapPairs => (Taps + 1) / 2;

    /// <summary>Channel groups of 32 (the last may be partial).</summary>
    public int Groups => (Channels + GroupChannels - 1) / GroupChannels;

    /// <summary>int16 elements per group.</summary>
    public int GroupStride => TapPairs * 2 * GroupChannels;

    /// <summary>Bias and requantization: four blocks per group (one per vector of a tap pair).</summary>
    public QS8ChannelParams Params { get; }

    /// <summary>The packed weights; valid while this object is alive.</summary>
    public short* Pointer => (short*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_weights));

    /// <summary>Packs weights for TFLite's fixed-point requantization.</summary>
    /// <param name="channels">C.</param>
    /// <param name="taps">fH·fW.</param>
    /// <param name="filter">[taps, C] (the [1, fH, fW, C] filter).</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C] or empty.</param>
    /// <param name="multipliers">One or C.</param>
    /// <exception cref="ArgumentException">Sizes disagree or a shift is outside [−31, 31].</exception>
    public static QS8DepthwiseWeights Gemmlowp(int channels, int taps, ReadOnlySpan<sbyte> filter, int inputZeroPoint, ReadOnlySpan<int> bias,
        ReadOnlySpan<QuantizedMultiplier> multipliers)
    {
        var folded = FoldBias(channels, taps, filter, inputZeroPoint, bias);
        var channelParams = QS8ChannelParams.Gemmlowp(folded, multipliers, Slots(channels));
        channelParams.FitsBoundedForm(bias, taps, 255 * 255, multipliers, channels);
        return new(channels, taps, Widen(channels, taps, filter), channelParams);
    }

    /// <summary>Packs weights for the floating-point (ONNX) output stage.</summary>
    /// <param name="channels">C.</param>
    /// <param name="taps">fH·fW.</param>
    /// <param name="filter">[taps, C].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C] or empty.</param>
    /// <param name="scales">One or C.</param>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public static QS8DepthwiseWeights Fp32(int channels, int taps, ReadOnlySpan<sbyte> filter, int inputZeroPoint, ReadOnlySpan<int> bias,
        ReadOnlySpan<float> scales)
    {
        var folded = FoldBias(channels, taps, filter, inputZeroPoint, bias);
        return new(channels, taps, Widen(channels, taps, filter), QS8ChannelParams.Fp32(folded, scales, Slots(channels)));
    }

    /// <summary>Where channel offset <paramref name="i"/> (0–31) of a group sits: vector v = (i mod 16) / 4,
    /// lane L = i / 16, position j = i mod 4; its parameter slot is 8v + 4L + j.</summary>
    internal static (int Vector, int Lane, int Position) PlaceOf(int i) => ((i & 15) >> 2, i >> 4, i & 3);

    private static int[] Slots(int channels)
    {
        int groups = (channels + GroupChannels - 1) / GroupChannels;
        var slots = new int[Math.Max(groups, 1) * GroupChannels];
        Array.Fill(slots, -1);
        for (int c = 0; c < channels; c++)
        {
            var (v, lane, j) = PlaceOf(c % GroupChannels);
            slots[c / GroupChannels * GroupChannels + 8 * v + 4 * lane + j] = c;
        }
        return slots;
    }

    private static int[] FoldBias(int channels, int taps, ReadOnlySpan<sbyte> filter, int inputZeroPoint, ReadOnlySpan<int> bias)
    {
        if (taps > MaxTaps) throw new ArgumentOutOfRangeException(nameof(taps), taps, $"more than {MaxTaps} taps could overflow the scaled accumulator");
        if (filter.Length != (long)channels * taps) throw new ArgumentException($"{filter.Length} weights for {taps} taps × {channels} channels", nameof(filter));
        if (!bias.IsEmpty && bias.Length != channels) throw new ArgumentException($"{bias.Length} biases for {channels} channels", nameof(bias));
        var folded = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            int sum = 0;
            for (int t = 0; t < taps; t++) sum += filter[t * channels + c];
            folded[c] = unchecked((bias.IsEmpty ? 0 : bias[c]) - inputZeroPoint * sum);
        }
        return folded;
    }

    private static short[] Widen(int channels, int taps, ReadOnlySpan<sbyte> filter)
    {
        int pairs = (taps + 1) / 2, groups = (channels + GroupChannels - 1) / GroupChannels;
        var packed = GC.AllocateArray<short>(Math.Max(groups, 1) * pairs * 2 * GroupChannels, pinned: true);
        for (int c = 0; c < channels; c++)
        {
            var (v, lane, j) = PlaceOf(c % GroupChannels);
            int within = 16 * v + 8 * lane + 2 * j;
            for (int t = 0; t < taps; t++)
                packed[(c / GroupChannels * pairs + t / 2) * 2 * GroupChannels + within + (t & 1)] = filter[t * channels + c];
        }
        return packed;
    }
}
