using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

/// <summary>Naive n-dimensional helpers for the tests' independent computations.</summary>
internal static class Nd
{
    /// <summary>Every coordinate of <paramref name="dims"/>, row-major.</summary>
    public static IEnumerable<int[]> Coordinates(params int[] dims)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        var index = new int[dims.Length];
        for (long e = 0; e < count; e++)
        {
            yield return (int[])index.Clone();
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                if (++index[a] < dims[a]) break;
                index[a] = 0;
            }
        }
    }

    /// <summary>Row-major flat offset of <paramref name="index"/> in <paramref name="dims"/>.</summary>
    public static long Offset(int[] dims, int[] index)
    {
        long offset = 0;
        for (int a = 0; a < dims.Length; a++) offset = offset * dims[a] + index[a];
        return offset;
    }

    /// <summary>A tensor of float values 0, 1, 2, … (distinct, so any misplacement shows).</summary>
    public static Tensor Iota(params int[] dims) =>
        Tensor.FromArray(new Shape(dims), Enumerable.Range(0, (int)new Shape(dims).ElementCount).Select(i => (float)i).ToArray());

    /// <summary>Random floats in [−scale, scale).</summary>
    public static Tensor Random(Random rng, float scale, params int[] dims) =>
        Tensor.FromArray(new Shape(dims), Enumerable.Range(0, (int)new Shape(dims).ElementCount).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray());

    /// <summary>The same values as <paramref name="source"/> (small integers) in another type.</summary>
    public static Tensor As(Tensor source, DataType type)
    {
        var values = source.ToFloatArray();
        var t = Tensor.Zeros(type, source.Shape);
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            switch (type)
            {
                case DataType.Float32: t.AsSpan<float>()[i] = (float)v; break;
                case DataType.Float16: t.AsSpan<Half>()[i] = (Half)v; break;
                case DataType.Int8: t.AsSpan<sbyte>()[i] = unchecked((sbyte)(long)v); break;
                case DataType.UInt8: t.AsSpan<byte>()[i] = unchecked((byte)(long)v); break;
                case DataType.Int16: t.AsSpan<short>()[i] = unchecked((short)(long)v); break;
                case DataType.Int32: t.AsSpan<int>()[i] = (int)v; break;
                case DataType.Int64: t.AsSpan<long>()[i] = (long)v; break;
                case DataType.Bool: t.Bytes[i] = v != 0 ? (byte)1 : (byte)0; break;
                default: throw new ArgumentOutOfRangeException(nameof(type));
            }
        }
        return t;
    }

    /// <summary>The element types data-movement tests run over.</summary>
    public static TheoryData<DataType> MovementTypes => new()
    {
        DataType.Float32, DataType.Float16, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32, DataType.Int64, DataType.Bool,
    };
}
