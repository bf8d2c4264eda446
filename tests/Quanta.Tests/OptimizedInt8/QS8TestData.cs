using Quanta.Kernels.Arithmetic;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>Random operands and geometry shared by the optimized int8 testers.</summary>
internal static class QS8TestData
{
    private static readonly int[] s_extremeAccumulators = [int.MinValue, int.MinValue + 1, -1, 0, 1, int.MaxValue - 1, int.MaxValue, 1 << 30, -(1 << 30), 65536, -65536];

    /// <summary>int32 accumulators for requantization tests: extremes, small, medium and any values.</summary>
    public static int[] Accumulators(Random rng, int count)
    {
        var acc = new int[count];
        for (int i = 0; i < count; i++)
        {
            acc[i] = (i % 5) switch
            {
                0 => s_extremeAccumulators[rng.Next(s_extremeAccumulators.Length)],
                1 => rng.Next(-1000, 1000),
                2 => rng.Next(-(1 << 20), 1 << 20),
                _ => rng.Next(int.MinValue, int.MaxValue),
            };
        }
        return acc;
    }

    public static sbyte[] Int8(Random rng, long count, int min = -128, int max = 127)
    {
        var data = new sbyte[count];
        for (long i = 0; i < count; i++) data[i] = (sbyte)rng.Next(min, max + 1);
        return data;
    }

    public static int[] Bias(Random rng, int count, int magnitude)
    {
        var b = new int[count];
        for (int i = 0; i < count; i++) b[i] = (int)rng.NextInt64(-(long)magnitude, magnitude + 1L);
        return b;
    }

    /// <summary>Multipliers that keep outputs mostly inside int8 for a reduction of length
    /// <paramref name="k"/> (so clamping does not hide errors), or, when <paramref name="extreme"/>,
    /// anything TFLite can produce, INT32_MIN significands and left shifts included.</summary>
    public static QuantizedMultiplier[] Multipliers(Random rng, int count, int k, bool extreme)
    {
        var m = new QuantizedMultiplier[count];
        double typical = 1.0 / (64.0 * Math.Sqrt(Math.Max(k, 1)) * 16);
        for (int i = 0; i < count; i++)
        {
            if (!extreme)
            {
                m[i] = QuantizedMultiplier.FromDouble(typical * (0.25 + 2 * rng.NextDouble()));
                continue;
            }
            m[i] = rng.Next(6) switch
            {
                0 => new QuantizedMultiplier(int.MinValue, rng.Next(-31, 31)),
                1 => new QuantizedMultiplier(int.MaxValue, rng.Next(-31, 31)),
                2 => new QuantizedMultiplier(rng.Next(1 << 30, int.MaxValue), rng.Next(0, 31)),
                3 => new QuantizedMultiplier(1 << 30, -31),
                _ => new QuantizedMultiplier(rng.Next(1 << 30, int.MaxValue), rng.Next(-31, 0)),
            };
        }
        return m;
    }

    /// <summary>TFLite's SAME/VALID window arithmetic (padding.h), written out independently here.</summary>
    public static (int Out, int PadBefore) Window(bool same, int inSize, int filter, int stride, int dilation)
    {
        int effective = (filter - 1) * dilation + 1;
        int outSize = same ? (inSize + stride - 1) / stride : (inSize + stride - effective) / stride;
        int total = (outSize - 1) * stride + effective - inSize;
        return (outSize, same ? Math.Max(total, 0) / 2 : 0);
    }

    /// <summary>ONNX's fp32 output stage, stated independently of the kernels.</summary>
    public static int Fp32Requantize(int acc, float scale, int zeroPoint, int min, int max)
    {
        float v = (float)acc * scale;
        v = Math.Clamp(v, min - zeroPoint, max - zeroPoint);
        return (int)MathF.Round(v, MidpointRounding.ToEven) + zeroPoint;
    }

    public static void AssertEqual(ReadOnlySpan<sbyte> expected, ReadOnlySpan<sbyte> actual, string what)
    {
        if (expected.Length != actual.Length) throw new Xunit.Sdk.XunitException($"{what}: {actual.Length} elements, expected {expected.Length}");
        int mismatches = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i]) continue;
            if (first < 0) first = i;
            mismatches++;
        }
        if (mismatches > 0)
            throw new Xunit.Sdk.XunitException($"{what}: {mismatches} of {expected.Length} differ; first at {first}: {actual[first]} vs reference {expected[first]}");
    }
}
