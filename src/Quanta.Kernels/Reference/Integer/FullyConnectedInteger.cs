using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized FULLY_CONNECTED, bit-exact with TFLite's <c>reference_integer_ops::FullyConnected</c>
/// (per tensor) and <c>FullyConnectedPerChannel</c> (integer_ops/fully_connected.h):
/// <c>y[b, o] = clamp(M[o]·(Σ_d (w[o, d] − Zw)·(x[b, d] − Zx) + bias[o]) + Zy)</c>.
/// </summary>
/// <remarks>
/// Per-channel weights are symmetric (TFLite ignores their zero point); per-tensor weights keep
/// their zero point for backward compatibility, so <c>weightZeroPoint</c> is honoured when
/// <c>multipliers</c> has one entry and must be 0 otherwise. Accumulator bounds as in CONV_2D.
/// </remarks>
public static class FullyConnectedInteger
{
    /// <summary>int8 activations and weights, int32 bias.</summary>
    /// <param name="batches">Rows of the input (product of all but the last output dimension).</param>
    /// <param name="accumDepth">Input features (the weights' last dimension).</param>
    /// <param name="outputDepth">Output features.</param>
    /// <param name="input">[batches, accumDepth].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="filter">[outputDepth, accumDepth].</param>
    /// <param name="weightZeroPoint">Zw (per-tensor weights only).</param>
    /// <param name="bias">[outputDepth], or empty.</param>
    /// <param name="multipliers">One (per tensor) or outputDepth (per channel) multipliers.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="activationMin">Lower clamp.</param>
    /// <param name="activationMax">Upper clamp.</param>
    /// <param name="output">[batches, outputDepth].</param>
    public static void Int8(int batches, int accumDepth, int outputDepth, ReadOnlySpan<sbyte> input, int inputZeroPoint,
        ReadOnlySpan<sbyte> filter, int weightZeroPoint, ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers,
        int outputZeroPoint, int activationMin, int activationMax, Span<sbyte> output)
    {
        for (int b = 0; b < batches; b++)
        {
            for (int o = 0; o < outputDepth; o++)
            {
                int acc = 0;
                for (int d = 0; d < accumDepth; d++)
                    acc = unchecked(acc + (filter[o * accumDepth + d] - weightZeroPoint) * (input[b * accumDepth + d] - inputZeroPoint));
                if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
                acc = multipliers[multipliers.Length == 1 ? 0 : o].Apply(acc) + outputZeroPoint;
                output[b * outputDepth + o] = (sbyte)Math.Clamp(acc, activationMin, activationMax);
            }
        }
    }

    /// <summary>int16 activations (zero point 0), int8 weights, int64 bias: 64-bit accumulator and requantization.</summary>
    public static void Int16(int batches, int accumDepth, int outputDepth, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        int weightZeroPoint, ReadOnlySpan<long> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax,
        Span<short> output) =>
        Int16Core(batches, accumDepth, outputDepth, input, filter, weightZeroPoint, bias, multipliers, activationMin, activationMax, output);

    /// <summary>int16 activations with an int32 bias: 32-bit accumulator and double-rounding requantization.</summary>
    public static void Int16(int batches, int accumDepth, int outputDepth, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        int weightZeroPoint, ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax,
        Span<short> output) =>
        Int16Core(batches, accumDepth, outputDepth, input, filter, weightZeroPoint, bias, multipliers, activationMin, activationMax, output);

    private static void Int16Core<TBias>(int batches, int accumDepth, int outputDepth, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        int weightZeroPoint, ReadOnlySpan<TBias> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, int activationMin, int activationMax,
        Span<short> output) where TBias : unmanaged, IBinaryInteger<TBias>
    {
        bool wide = typeof(TBias) == typeof(long);
        for (int b = 0; b < batches; b++)
        {
            for (int o = 0; o < outputDepth; o++)
            {
                long acc = 0;
                for (int d = 0; d < accumDepth; d++)
                    acc += (filter[o * accumDepth + d] - weightZeroPoint) * input[b * accumDepth + d];
                if (!bias.IsEmpty) acc += long.CreateTruncating(bias[o]);
                var m = multipliers[multipliers.Length == 1 ? 0 : o];
                int scaled = wide ? m.Apply(acc) : m.Apply(unchecked((int)acc));
                output[b * outputDepth + o] = (short)Math.Clamp(scaled, activationMin, activationMax);
            }
        }
    }
}
