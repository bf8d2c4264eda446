using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized SUB, bit-exact with TFLite's reference SubElementwise / BroadcastQuantSubSlow (int8,
/// and int16 on the general-scale path), plus desktop TFLite's int16 power-of-two path.
/// </summary>
public static class SubInteger
{
    /// <summary>General-scale SUB for int8 or int16 elements (parameters from <see cref="AddSubParams.Create"/>).</summary>
    public static void General<T>(ReadOnlySpan<T> a, ReadOnlySpan<long> offsetsA, ReadOnlySpan<T> b, ReadOnlySpan<long> offsetsB,
        in AddSubParams p, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x1 = int.CreateTruncating(a[offsetsA.IsEmpty ? i : (int)offsetsA[i]]);
            int x2 = int.CreateTruncating(b[offsetsB.IsEmpty ? i : (int)offsetsB[i]]);
            int difference = AddInteger.RescaleInput(x1, p.Input1Offset, p.LeftShift, p.Input1Multiplier)
                - AddInteger.RescaleInput(x2, p.Input2Offset, p.LeftShift, p.Input2Multiplier);
            output[i] = T.CreateTruncating(AddInteger.RescaleOutput(difference, p));
        }
    }

    /// <summary>Desktop TFLite's int16 SUB for power-of-two scales (BroadcastSub16POTSlow): each input is
    /// right-shifted by its own (≤ 0) shift, subtracted in int32 and clamped.</summary>
    /// <exception cref="ArgumentException">A shift is positive.</exception>
    public static void Int16PowerOfTwo(ReadOnlySpan<short> a, ReadOnlySpan<long> offsetsA, ReadOnlySpan<short> b, ReadOnlySpan<long> offsetsB,
        int input1Shift, int input2Shift, int activationMin, int activationMax, Span<short> output)
    {
        if (input1Shift > 0 || input2Shift > 0)
            throw new ArgumentException($"power-of-two SUB shifts ({input1Shift}, {input2Shift}) must be ≤ 0");
        for (int i = 0; i < output.Length; i++)
        {
            int x1 = FixedPoint.RoundingDivideByPot(a[offsetsA.IsEmpty ? i : (int)offsetsA[i]], -input1Shift);
            int x2 = FixedPoint.RoundingDivideByPot(b[offsetsB.IsEmpty ? i : (int)offsetsB[i]], -input2Shift);
            output[i] = (short)Math.Clamp(x1 - x2, activationMin, activationMax);
        }
    }
}
