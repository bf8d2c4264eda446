using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized ADD, bit-exact with TFLite's reference AddElementwise / BroadcastAdd6DSlow (int8, and
/// int16 on the general-scale path TFLite Micro always takes), plus desktop TFLite's int16
/// power-of-two path.
/// </summary>
/// <remarks>Broadcasting is by precomputed element offsets (an empty offsets span means the operand
/// has the output's shape).</remarks>
public static class AddInteger
{
    /// <summary>General-scale ADD for int8 or int16 elements.</summary>
    public static void General<T>(ReadOnlySpan<T> a, ReadOnlySpan<long> offsetsA, ReadOnlySpan<T> b, ReadOnlySpan<long> offsetsB,
        in AddSubParams p, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x1 = int.CreateTruncating(a[offsetsA.IsEmpty ? i : (int)offsetsA[i]]);
            int x2 = int.CreateTruncating(b[offsetsB.IsEmpty ? i : (int)offsetsB[i]]);
            int sum = RescaleInput(x1, p.Input1Offset, p.LeftShift, p.Input1Multiplier) + RescaleInput(x2, p.Input2Offset, p.LeftShift, p.Input2Multiplier);
            output[i] = T.CreateTruncating(RescaleOutput(sum, p));
        }
    }

    /// <summary>(x − Z)·2^L·s/(2·max s): the input on the common scale.</summary>
    internal static int RescaleInput(int x, int offset, int leftShift, QuantizedMultiplier m) =>
        Requantize.MultiplyByQuantizedMultiplierSmallerThanOneExp((offset + x) * (1 << leftShift), m.Multiplier, m.Shift);

    /// <summary>The raw sum rescaled to the output, offset and clamped.</summary>
    internal static int RescaleOutput(int raw, in AddSubParams p)
    {
        int y = Requantize.MultiplyByQuantizedMultiplierSmallerThanOneExp(raw, p.OutputMultiplier.Multiplier, p.OutputMultiplier.Shift) + p.OutputOffset;
        return Math.Clamp(y, p.ActivationMin, p.ActivationMax);
    }

    /// <summary>
    /// Desktop TFLite's int16 ADD for power-of-two scales and zero points 0 (reference add.h with
    /// pot_scale): the input with the finer scale is right-shifted onto the other, then the two are
    /// added with int16 saturation. One of the shifts must be 0 and both ≤ 0.
    /// </summary>
    /// <param name="a">Input 1.</param>
    /// <param name="offsetsA">Broadcast offsets of input 1 (empty: same shape).</param>
    /// <param name="b">Input 2.</param>
    /// <param name="offsetsB">Broadcast offsets of input 2.</param>
    /// <param name="input1Shift">log2(s1) − log2(sy), ≤ 0.</param>
    /// <param name="input2Shift">log2(s2) − log2(sy), ≤ 0.</param>
    /// <param name="activationMin">Lower clamp.</param>
    /// <param name="activationMax">Upper clamp.</param>
    /// <param name="output">The sum.</param>
    /// <exception cref="ArgumentException">Both shifts are nonzero, or one is positive.</exception>
    public static void Int16PowerOfTwo(ReadOnlySpan<short> a, ReadOnlySpan<long> offsetsA, ReadOnlySpan<short> b, ReadOnlySpan<long> offsetsB,
        int input1Shift, int input2Shift, int activationMin, int activationMax, Span<short> output)
    {
        if ((input1Shift != 0 && input2Shift != 0) || input1Shift > 0 || input2Shift > 0)
            throw new ArgumentException($"power-of-two ADD shifts ({input1Shift}, {input2Shift}) must be ≤ 0 with one of them 0");
        bool shiftFirst = input1Shift != 0;
        int rightShift = shiftFirst ? -input1Shift : -input2Shift;
        for (int i = 0; i < output.Length; i++)
        {
            short x1 = a[offsetsA.IsEmpty ? i : (int)offsetsA[i]];
            short x2 = b[offsetsB.IsEmpty ? i : (int)offsetsB[i]];
            short shifted = FixedPoint.RoundingDivideByPot(shiftFirst ? x1 : x2, rightShift);
            short sum = FixedPoint.SaturatingAdd(shifted, shiftFirst ? x2 : x1);
            output[i] = (short)Math.Clamp(sum, activationMin, activationMax);
        }
    }
}
