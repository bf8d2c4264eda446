using Quanta.Core;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>Tensors and an independent double-precision reference for the ONNX quantized-op tests.</summary>
internal static class QData
{
    /// <summary>Random codes of an 8-bit type, uniformly over the type's range.</summary>
    public static Tensor Codes(Random rng, DataType type, params int[] shape)
    {
        var s = new Shape(shape);
        var t = Tensor.Zeros(type, s);
        var bytes = t.Bytes;
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)rng.Next(256);
        return t;
    }

    /// <summary>A scalar of an integer type holding <paramref name="value"/>.</summary>
    public static Tensor Zp(DataType type, int value) => Ints(type, Shape.Scalar, value);

    /// <summary>A 1-D tensor of an integer type.</summary>
    public static Tensor Zps(DataType type, params int[] values) => Ints(type, new Shape(values.Length), values);

    /// <summary>An integer tensor of any shape.</summary>
    public static Tensor Ints(DataType type, Shape shape, params int[] values)
    {
        var t = Tensor.Zeros(type, shape);
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case DataType.Int8: t.AsSpan<sbyte>()[i] = checked((sbyte)values[i]); break;
                case DataType.UInt8: t.AsSpan<byte>()[i] = checked((byte)values[i]); break;
                case DataType.Int16: t.AsSpan<short>()[i] = checked((short)values[i]); break;
                default: t.AsSpan<int>()[i] = values[i]; break;
            }
        }
        return t;
    }

    /// <summary>The codes of an integer tensor.</summary>
    public static int[] Read(Tensor t) => Array.ConvertAll(t.ToInt64Array(), v => (int)v);

    /// <summary>A random zero point of the type, away from the ends so that both signs are represented.</summary>
    public static int RandomZeroPoint(Random rng, DataType type) => type == DataType.Int8 ? rng.Next(-40, 41) : rng.Next(90, 170);

    /// <summary>ONNX quantization in double: round half to even, add the zero point, saturate to the type.</summary>
    public static int Quantize(double real, double scale, int zeroPoint, DataType type)
    {
        var (min, max) = type.IntegerRange();
        double q = Math.Round(real / scale, MidpointRounding.ToEven) + zeroPoint;
        return (int)Math.Clamp(q, min, max);
    }

    /// <summary>Every code within <paramref name="lsb"/> of the reference; returns how many match exactly.</summary>
    public static int AssertWithin(int[] expected, int[] actual, int lsb, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int exact = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d > lsb) Assert.Fail($"{what}: element {i} is {actual[i]}, the reference {expected[i]} (more than {lsb} LSB apart)");
            if (d == 0) exact++;
        }
        return exact;
    }
}
