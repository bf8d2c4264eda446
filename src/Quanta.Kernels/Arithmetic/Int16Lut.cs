namespace Quanta.Kernels.Arithmetic;

/// <summary>
/// TFLite's 513-entry int16 lookup tables with linear interpolation (common.h: gen_lut /
/// LUTPopulateInt16 and LUTLookup), used by int16 SOFTMAX.
/// </summary>
/// <remarks>
/// The table samples f at 512 steps over [inputMin, inputMax] (plus the end point): the top 9 bits
/// of an int16 input select a segment and the low 7 bits interpolate. Each entry is biased by half
/// the error the interpolation makes at the segment's midpoint. Everything is computed in float,
/// as TFLite does, so the tables match TFLite's entry for entry.
/// </remarks>
public static class Int16Lut
{
    /// <summary>Number of entries: 512 segments plus the end point.</summary>
    public const int Size = 513;

    /// <summary>Builds the table of <paramref name="function"/> mapping [inputMin, inputMax] onto
    /// int16 inputs and [outputMin, outputMax] onto int16 outputs.</summary>
    public static short[] Generate(Func<float, float> function, float inputMin, float inputMax, float outputMin, float outputMax)
    {
        ArgumentNullException.ThrowIfNull(function);
        const int steps = 512;
        var lut = new short[Size];
        float step = (inputMax - inputMin) / steps;
        float halfStep = step / 2;
        float outputScalingInv = 65536f / (outputMax - outputMin);
        const float tableMin = short.MinValue;
        const float tableMax = short.MaxValue;
        for (int i = 0; i < steps; i++)
        {
            float val = function(inputMin + i * step);
            float valMidpoint = function(inputMin + i * step + halfStep);
            float valNext = function(inputMin + (i + 1) * step);
            float sample = RoundAway(val * outputScalingInv);
            float midpointInterpolated = RoundAway((valNext * outputScalingInv + RoundAway(val * outputScalingInv)) / 2);
            float midpoint = RoundAway(valMidpoint * outputScalingInv);
            float bias = RoundAway((midpointInterpolated - midpoint) / 2);
            lut[i] = (short)Math.Min(Math.Max(sample - bias, tableMin), tableMax);
        }
        lut[steps] = (short)Math.Min(Math.Max(RoundAway(function(inputMax) * outputScalingInv), tableMin), tableMax);
        return lut;
    }

    /// <summary>Looks up <paramref name="value"/> with interpolation between neighbouring entries (TFLite's LUTLookup).</summary>
    public static short Lookup(short value, ReadOnlySpan<short> lut)
    {
        int index = 256 + (value >> 7);
        int offset = value & 0x7f;
        int baseValue = lut[index];
        int slope = lut[index + 1] - lut[index];
        int delta = (slope * offset + 64) >> 7;
        return unchecked((short)(baseValue + delta));
    }

    private static float RoundAway(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);
}
