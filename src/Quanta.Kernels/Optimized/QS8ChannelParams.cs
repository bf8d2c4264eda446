using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// Per-channel bias and requantization parameters packed for the vector epilogues, in blocks of 8
/// channel slots: <c>[bias × 8][param 1 × 8] … [param P × 8]</c> (see <see cref="IQS8Requantization"/>),
/// or of 16 slots (<see cref="Lanes"/> = 16, the AVX-512 epilogues: every vector one zmm load).
/// A kernel maps its output channels to slots (identity for GEMM panels, a lane permutation for
/// depthwise); padding slots have bias 0 and multiplier 0 and are never stored.
/// </summary>
/// <remarks>Owned memory: one pinned array, alive as long as this object, so kernels hold raw
/// pointers into it without pinning per run.</remarks>
public sealed unsafe class QS8ChannelParams
{
    private readonly int[] _data;

    private QS8ChannelParams(int slots, int paramVectors, int lanes)
    {
        if (lanes is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "blocks hold 8 or 16 channel slots");
        Lanes = lanes;
        Blocks = (slots + lanes - 1) / lanes;
        BlockInts = lanes * (1 + paramVectors);
        _data = GC.AllocateArray<int>(Math.Max(Blocks, 1) * BlockInts, pinned: true);
    }

    /// <summary>Channel slots per block (8, or 16 for the AVX-512 epilogues).</summary>
    public int Lanes { get; }

    /// <summary>Number of blocks.</summary>
    public int Blocks { get; }

    /// <summary>Ints per block.</summary>
    public int BlockInts { get; }

    /// <summary>True when the packer proved every accumulator times 2^ls to lie in (−2^30, 2^30), so
    /// kernels may use <see cref="QS8RequantizeGemmlowpBounded"/> (see <see cref="FitsBoundedForm"/>).</summary>
    public bool Bounded { get; private set; }

    /// <summary>Block <paramref name="index"/>; valid while this object is alive.</summary>
    public int* Block(int index) => (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_data)) + index * BlockInts;

    /// <summary>TFLite fixed-point parameters (<see cref="QS8RequantizeGemmlowp"/>).</summary>
    /// <param name="bias">Per channel, the final bias (zero-point corrections folded in).</param>
    /// <param name="multipliers">One (per tensor) or one per channel.</param>
    /// <param name="slotChannels">Per slot, its channel, or −1 for a padding slot.</param>
    /// <param name="lanes">Slots per block: 8, or 16 for the AVX-512 epilogues.</param>
    /// <exception cref="ArgumentOutOfRangeException">A shift outside [−31, 31].</exception>
    public static QS8ChannelParams Gemmlowp(ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, ReadOnlySpan<int> slotChannels, int lanes = 8)
    {
        var p = new QS8ChannelParams(slotChannels.Length, QS8RequantizeGemmlowp.ParamVectors, lanes);
        for (int s = 0; s < slotChannels.Length; s++)
        {
            int c = slotChannels[s];
            var m = c < 0 ? default : multipliers[multipliers.Length == 1 ? 0 : c];
            int* block = p.Block(s / lanes);
            block[s % lanes] = c < 0 ? 0 : bias[c];
            QS8RequantizeGemmlowp.Pack(block, s % lanes, m, lanes);
        }
        return p;
    }

    /// <summary>Floating-point parameters (<see cref="QS8RequantizeFp32"/>).</summary>
    /// <param name="bias">Per channel, the final bias.</param>
    /// <param name="scales">One (per tensor) or one per channel: input scale · weight scale / output scale.</param>
    /// <param name="slotChannels">Per slot, its channel, or −1.</param>
    /// <param name="lanes">Slots per block: 8, or 16 for the AVX-512 epilogues.</param>
    public static QS8ChannelParams Fp32(ReadOnlySpan<int> bias, ReadOnlySpan<float> scales, ReadOnlySpan<int> slotChannels, int lanes = 8)
    {
        var p = new QS8ChannelParams(slotChannels.Length, QS8RequantizeFp32.ParamVectors, lanes);
        for (int s = 0; s < slotChannels.Length; s++)
        {
            int c = slotChannels[s];
            int* block = p.Block(s / lanes);
            block[s % lanes] = c < 0 ? 0 : bias[c];
            QS8RequantizeFp32.Pack(block, s % lanes, c < 0 ? 0f : scales[scales.Length == 1 ? 0 : c], lanes);
        }
        return p;
    }

    /// <summary>
    /// Marks these fixed-point parameters as safe for <see cref="QS8RequantizeGemmlowpBounded"/> when,
    /// for every channel c, <c>(|bias[c]| + terms·termBound)·2^ls[c] &lt; 2^30</c>: the reference
    /// accumulator <c>Σ (w − Zw)(x − Zx) + bias</c> cannot leave that range, whatever the input.
    /// </summary>
    /// <param name="bias">The layer's original bias (not the folded one), or empty.</param>
    /// <param name="terms">Products per accumulator (K, or taps).</param>
    /// <param name="termBound">The largest |(w − Zw)(x − Zx)| (255·255 covers int8 and uint8 with any zero points).</param>
    /// <param name="multipliers">One or one per channel.</param>
    /// <param name="channels">Channels.</param>
    public void FitsBoundedForm(ReadOnlySpan<int> bias, long terms, long termBound, ReadOnlySpan<QuantizedMultiplier> multipliers, int channels)
    {
        bool fits = true;
        for (int c = 0; c < channels && fits; c++)
        {
            long magnitude = Math.Abs((long)(bias.IsEmpty ? 0 : bias[c])) + terms * termBound;
            int ls = Math.Max(multipliers[multipliers.Length == 1 ? 0 : c].Shift, 0);
            fits = ls < 31 && magnitude < QS8RequantizeGemmlowpBounded.Bound >> ls;
        }
        Bounded = fits;
    }

    /// <summary>Slots 0 … <paramref name="channels"/> − 1 hold channels in order, padded to <paramref name="slots"/>.</summary>
    public static int[] IdentitySlots(int channels, int slots)
    {
        var s = new int[slots];
        for (int i = 0; i < slots; i++) s[i] = i < channels ? i : -1;
        return s;
    }
}
