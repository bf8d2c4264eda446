using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// An int8 weight matrix [N, K] packed once for the GEMM microkernels: panels of
/// <see cref="PanelColumns"/> output channels, each stored as K/2 pairs × 16 columns of int16
/// (pre-widened for vpmaddwd, weight zero point already subtracted), with the bias and the
/// requantization parameters of the panel's channels beside it (<see cref="QS8ChannelParams"/>).
/// </summary>
/// <remarks>
/// <para>Layout of panel j: for k-pair t, 32 int16 <c>w[16j+c, 2t], w[16j+c, 2t+1]</c> for c = 0…15,
/// so vpmaddwd of a broadcast activation pair (x[2t], x[2t+1]) with one 16-int16 half gives eight
/// columns' partial dot products. K is padded to even and N to a multiple of 16 with zeros.</para>
/// <para>Zero points: the reference computes <c>Σ (w − Zw)(x − Zx) + bias</c> in wrapping int32. Here the
/// kernels compute <c>Σ (w − Zw)·x</c> and the bias is <c>bias − Zx·Σ_k (w − Zw)</c>, also wrapping:
/// int32 arithmetic is arithmetic modulo 2^32, so the two agree on every input. vpmaddwd is exact here:
/// |w − Zw| ≤ 255 and |x| ≤ 255 (int8, or uint8 zero-extended), so a pair sums to at most 2·255² &lt; 2^31,
/// and its only saturating case (all four operands −32768) cannot occur.</para>
/// </remarks>
public sealed unsafe class QS8GemmWeights
{
    /// <summary>Output channels per panel (the microkernels' NR).</summary>
    public const int PanelColumns = 16;

    private readonly short[] _weights;

    private QS8GemmWeights(int n, int k, short[] weights, QS8ChannelParams channelParams, QS8ChannelParams wideParams)
    {
        N = n;
        K = k;
        _weights = weights;
        Params = channelParams;
        WideParams = wideParams;
    }

    /// <summary>Output channels.</summary>
    public int N { get; }

    /// <summary>Reduction length (before padding).</summary>
    public int K { get; }

    /// <summary>K rounded up to even: the int16 row length the packed activations must have.</summary>
    public int PaddedK => (K + 1) & ~1;

    /// <summary>K-pairs the microkernel loops over.</summary>
    public int KPairs => PaddedK / 2;

    /// <summary>Number of 16-channel panels.</summary>
    public int Panels => (N + PanelColumns - 1) / PanelColumns;

    /// <summary>Bias and requantization, two 8-slot blocks per panel.</summary>
    public QS8ChannelParams Params { get; }

    /// <summary>The same parameters in 16-slot blocks, one per panel (the AVX-512 epilogues).</summary>
    public QS8ChannelParams WideParams { get; }

    /// <summary>The parameter block(s) of <paramref name="panel"/> for a microkernel: with
    /// <paramref name="wide"/>, block <paramref name="panel"/> of <see cref="WideParams"/>; otherwise
    /// block 2·panel of <see cref="Params"/> (the second 8-slot block follows it).</summary>
    public int* PanelParams(int panel, bool wide) => wide ? WideParams.Block(panel) : Params.Block(2 * panel);

    /// <summary>Ints per parameter block as a microkernel sees it (<see cref="PanelParams"/>).</summary>
    public int BlockInts(bool wide) => wide ? WideParams.BlockInts : Params.BlockInts;

    /// <summary>Panel <paramref name="panel"/>'s weights; valid while this object is alive.</summary>
    public short* Panel(int panel) =>
        (short*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_weights)) + (long)panel * PaddedK * PanelColumns;

    /// <summary>Packs weights for TFLite's fixed-point requantization.</summary>
    /// <param name="n">Output channels.</param>
    /// <param name="k">Reduction length.</param>
    /// <param name="weights">[n, k] row-major.</param>
    /// <param name="weightZeroPoints">Zw: empty (symmetric), one, or one per channel.</param>
    /// <param name="inputZeroPoint">Zx, folded into the bias.</param>
    /// <param name="bias">[n], or empty.</param>
    /// <param name="multipliers">One or n multipliers.</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a multiplier's shift is outside [−31, 31].</exception>
    public static QS8GemmWeights Gemmlowp(int n, int k, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> weightZeroPoints, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers)
    {
        if (multipliers.Length != 1 && multipliers.Length != n) throw new ArgumentException($"{multipliers.Length} multipliers for {n} channels", nameof(multipliers));
        var folded = FoldBias(n, k, weights, weightZeroPoints, inputZeroPoint, bias);
        var slots = QS8ChannelParams.IdentitySlots(n, Pad16(n));
        var channelParams = QS8ChannelParams.Gemmlowp(folded, multipliers, slots);
        channelParams.FitsBoundedForm(bias, k, 255 * 255, multipliers, n);
        var wide = QS8ChannelParams.Gemmlowp(folded, multipliers, slots, lanes: 16);
        wide.FitsBoundedForm(bias, k, 255 * 255, multipliers, n);
        return new QS8GemmWeights(n, k, Widen(n, k, weights, weightZeroPoints), channelParams, wide);
    }

    /// <summary>Packs weights for the floating-point output stage (ONNX semantics).</summary>
    /// <param name="n">Output channels.</param>
    /// <param name="k">Reduction length.</param>
    /// <param name="weights">[n, k] row-major.</param>
    /// <param name="weightZeroPoints">Zw: empty (symmetric), one, or one per channel.</param>
    /// <param name="inputZeroPoint">Zx, folded into the bias.</param>
    /// <param name="bias">[n], or empty.</param>
    /// <param name="scales">One or n output scales (s_x·s_w / s_y).</param>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public static QS8GemmWeights Fp32(int n, int k, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> weightZeroPoints, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<float> scales)
    {
        if (scales.Length != 1 && scales.Length != n) throw new ArgumentException($"{scales.Length} scales for {n} channels", nameof(scales));
        var folded = FoldBias(n, k, weights, weightZeroPoints, inputZeroPoint, bias);
        var slots = QS8ChannelParams.IdentitySlots(n, Pad16(n));
        return new QS8GemmWeights(n, k, Widen(n, k, weights, weightZeroPoints), QS8ChannelParams.Fp32(folded, scales, slots),
            QS8ChannelParams.Fp32(folded, scales, slots, lanes: 16));
    }

    private static int Pad16(int n) => (n + PanelColumns - 1) / PanelColumns * PanelColumns;

    /// <summary>bias[c] − Zx·Σ_k (w[c, k] − Zw[c]), wrapping like the reference's int32 accumulator.</summary>
    internal static int[] FoldBias(int n, int k, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> weightZeroPoints, int inputZeroPoint, ReadOnlySpan<int> bias)
    {
        if (weights.Length != (long)n * k) throw new ArgumentException($"{weights.Length} weights for [{n}, {k}]", nameof(weights));
        if (!bias.IsEmpty && bias.Length != n) throw new ArgumentException($"{bias.Length} biases for {n} channels", nameof(bias));
        var folded = new int[n];
        for (int c = 0; c < n; c++)
        {
            int sum = 0;
            int zw = ZeroPointOf(weightZeroPoints, c);
            for (int i = 0; i < k; i++) sum = unchecked(sum + weights[c * k + i] - zw);
            folded[c] = unchecked((bias.IsEmpty ? 0 : bias[c]) - inputZeroPoint * sum);
        }
        return folded;
    }

    private static int ZeroPointOf(ReadOnlySpan<int> zeroPoints, int channel) =>
        zeroPoints.IsEmpty ? 0 : zeroPoints[zeroPoints.Length == 1 ? 0 : channel];

    private static short[] Widen(int n, int k, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> weightZeroPoints)
    {
        int paddedK = (k + 1) & ~1, panels = (n + PanelColumns - 1) / PanelColumns;
        var packed = GC.AllocateArray<short>(Math.Max(panels * paddedK * PanelColumns, 1), pinned: true);
        for (int j = 0; j < panels; j++)
        {
            int panelBase = j * paddedK * PanelColumns;
            for (int c = 0; c < PanelColumns && j * PanelColumns + c < n; c++)
            {
                int row = (j * PanelColumns + c) * k, zw = ZeroPointOf(weightZeroPoints, j * PanelColumns + c);
                for (int i = 0; i < k; i++)
                    packed[panelBase + (i / 2) * 2 * PanelColumns + 2 * c + (i & 1)] = (short)(weights[row + i] - zw);
            }
        }
        return packed;
    }
}
