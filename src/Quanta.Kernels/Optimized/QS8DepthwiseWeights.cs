using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// Depthwise int8 weights [1, fH, fW, C] packed once for the depthwise microkernels: per group of
/// 16 channels and per pair of taps (t, t+1), 32 int16 interleaved so that vpunpcklwd/vpunpckhwd of
/// the two taps' widened inputs meet their weights in one vpmaddwd each; bias (input zero point
/// folded in) and requantization beside them.
/// </summary>
/// <remarks>
/// <para>Within a 256-bit register the unpacks work per 128-bit lane, so "low" pairs hold channels
/// 0–3 and 8–11 and "high" pairs channels 4–7 and 12–15 of the group. The packed weights and the
/// parameter slots follow that order: group layout per tap pair is [low: c0..3, c8..11][high: c4..7,
/// c12..15], each channel as (w_t, w_t+1); parameter block 2g holds the low channels, 2g+1 the high
/// ones. vpackssdw(low, high) then restores channel order.</para>
/// <para>The bias is <c>bias[c] − Zx·Σ_t w[t, c]</c> and padded taps read a buffer of Zx, so they add
/// <c>w·Zx</c>, cancelled exactly (int32 wraps; see <see cref="QS8GemmWeights"/>). Odd tap counts get
/// one extra tap of zero weights.</para>
/// </remarks>
public sealed unsafe class QS8DepthwiseWeights
{
    /// <summary>Channels per group.</summary>
    public const int GroupChannels = 16;

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

    /// <summary>Channel groups of 16 (the last may be partial).</summary>
    public int Groups => (Channels + GroupChannels - 1) / GroupChannels;

    /// <summary>int16 elements per group.</summary>
    public int GroupStride => TapPairs * 2 * GroupChannels;

    /// <summary>Bias and requantization: two blocks per group (low, high).</summary>
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
        return new(channels, taps, Widen(channels, taps, filter), QS8ChannelParams.Gemmlowp(folded, multipliers, Slots(channels)));
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

    /// <summary>Position of channel offset <paramref name="i"/> (0–15) of a group among its 16 slots.</summary>
    internal static int SlotOf(int i) => (i & 3) + ((i & 8) != 0 ? 4 : 0) + ((i & 4) != 0 ? 8 : 0);

    private static int[] Slots(int channels)
    {
        int groups = (channels + GroupChannels - 1) / GroupChannels;
        var slots = new int[Math.Max(groups, 1) * GroupChannels];
        Array.Fill(slots, -1);
        for (int c = 0; c < channels; c++) slots[c / GroupChannels * GroupChannels + SlotOf(c % GroupChannels)] = c;
        return slots;
    }

    private static int[] FoldBias(int channels, int taps, ReadOnlySpan<sbyte> filter, int inputZeroPoint, ReadOnlySpan<int> bias)
    {
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
            int g = c / GroupChannels, slot = SlotOf(c % GroupChannels);
            for (int t = 0; t < taps; t++)
                packed[(g * pairs + t / 2) * 2 * GroupChannels + 2 * slot + (t & 1)] = filter[t * channels + c];
        }
        return packed;
    }
}
