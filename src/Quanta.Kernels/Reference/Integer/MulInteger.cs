using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized MUL, bit-exact with TFLite's <c>reference_integer_ops::MulElementwise</c> /
/// <c>BroadcastMul4DSlow</c> (int8 and int16): <c>y = clamp(Zy + M·((x1 − Z1)·(x2 − Z2)))</c> with
/// M = s1·s2/sy in double, requantized with the 32-bit multiply.
/// </summary>
/// <remarks>|x − Z| ≤ 65535 for int16 (zero points are 0 there, so ≤ 32768): the product stays within int32.</remarks>
public static class MulInteger
{
    /// <summary>The output multiplier, as TFLite's CalculateOpDataMul computes it.</summary>
    public static QuantizedMultiplier Multiplier(float scale1, float scale2, float outputScale) =>
        QuantizedMultiplier.FromDouble((double)scale1 * scale2 / outputScale);

    /// <summary>Element-wise product with broadcasting by offsets (empty: same shape as the output).</summary>
    public static void Elementwise<T>(ReadOnlySpan<T> a, ReadOnlySpan<long> offsetsA, int zeroPoint1, ReadOnlySpan<T> b, ReadOnlySpan<long> offsetsB,
        int zeroPoint2, QuantizedMultiplier multiplier, int outputZeroPoint, int activationMin, int activationMax, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x1 = int.CreateTruncating(a[offsetsA.IsEmpty ? i : (int)offsetsA[i]]) - zeroPoint1;
            int x2 = int.CreateTruncating(b[offsetsB.IsEmpty ? i : (int)offsetsB[i]]) - zeroPoint2;
            int y = outputZeroPoint + multiplier.Apply(unchecked(x1 * x2));
            output[i] = T.CreateTruncating(Math.Clamp(y, activationMin, activationMax));
        }
    }
}
