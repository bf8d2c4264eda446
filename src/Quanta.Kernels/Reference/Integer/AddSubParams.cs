using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// TFLite's quantized ADD/SUB rescaling parameters (ArithmeticParams): both inputs are brought to a
/// common scale 2·max(s1, s2)/2^L with L extra bits of headroom, added or subtracted in int32, and
/// the sum is rescaled to the output.
/// </summary>
/// <param name="LeftShift">L: 20 for int8, 15 for int16.</param>
/// <param name="Input1Offset">−Z1.</param>
/// <param name="Input1Multiplier">s1 / (2·max(s1, s2)), a multiplier ≤ 1/2.</param>
/// <param name="Input2Offset">−Z2.</param>
/// <param name="Input2Multiplier">s2 / (2·max(s1, s2)).</param>
/// <param name="OutputOffset">Zy.</param>
/// <param name="OutputMultiplier">2·max(s1, s2) / (2^L·sy).</param>
/// <param name="ActivationMin">Lower clamp.</param>
/// <param name="ActivationMax">Upper clamp.</param>
/// <remarks>
/// Overflow bound: |x − Z| ≤ 255 (int8) or 65535 (int16), so (x − Z)·2^L stays below 2^28 and
/// 2^31 respectively; each rescaled input is at most half of that, so their sum fits int32.
/// </remarks>
public readonly record struct AddSubParams(int LeftShift, int Input1Offset, QuantizedMultiplier Input1Multiplier,
    int Input2Offset, QuantizedMultiplier Input2Multiplier, int OutputOffset, QuantizedMultiplier OutputMultiplier,
    int ActivationMin, int ActivationMax)
{
    /// <summary>
    /// ADD's and SUB's parameters, computed in double as TFLite Micro's CalculateOpDataAdd does.
    /// </summary>
    /// <remarks>TFLite Micro's current sub_common.cc evaluates the SUB ratios in float before
    /// widening; the TFLite Micro SEANet SUB goldens are reproduced exactly only by the double
    /// evaluation (the float one misses 1–2 elements per case by one LSB), so both ops use it.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The output scale is so small that the output multiplier reaches 1.</exception>
    public static AddSubParams Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2, float outputScale, int outputZeroPoint,
        bool int16, int activationMin, int activationMax)
    {
        int leftShift = int16 ? 15 : 20;
        double twiceMaxInputScale = 2 * (double)Math.Max(scale1, scale2);
        return new(leftShift,
            -zeroPoint1, QuantizedMultiplier.FromDoubleSmallerThanOne(scale1 / twiceMaxInputScale),
            -zeroPoint2, QuantizedMultiplier.FromDoubleSmallerThanOne(scale2 / twiceMaxInputScale),
            outputZeroPoint, QuantizedMultiplier.FromDoubleSmallerThanOne(twiceMaxInputScale / ((1 << leftShift) * (double)outputScale)),
            activationMin, activationMax);
    }
}
