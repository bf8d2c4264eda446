using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Elementwise;

/// <summary>
/// Runs one element-wise node through a real <see cref="InferenceSession"/> and checks it against
/// an independent double-precision computation with its own naive broadcasting.
/// </summary>
internal static class ElementwiseHarness
{
    public const string NodeName = "node_under_test";

    /// <summary>The broadcast patterns every binary op is tried on: same shape, scalar, row,
    /// column, rank mismatch, both sides broadcasting, rank 5 and 6, and empty.</summary>
    public static readonly (int[] A, int[] B)[] BroadcastPatterns =
    [
        ([2, 3, 4], [2, 3, 4]),
        ([2, 3], []),
        ([], [5]),
        ([4, 5], [5]),
        ([4, 5], [4, 1]),
        ([2, 1, 4], [3, 1]),
        ([3, 1], [1, 4]),
        ([1], [3, 2]),
        ([2, 1, 3, 1, 2], [1, 4, 1, 5, 1]),
        ([2, 1, 2, 1, 3, 1], [2, 1, 2, 1, 3]),
        ([0, 3], [3]),
        ([], []),
        ([7, 9], [7, 9]),
    ];

    /// <summary>Runs <paramref name="op"/> on <paramref name="inputs"/> (graph inputs, or constants
    /// that the plan compiler folds) and returns its first output.</summary>
    public static Tensor Run(string op, Tensor?[] inputs, Action<AttributeMap>? attributes = null, string domain = "", bool asConstants = false)
    {
        var g = new Graph();
        var values = new List<Value?>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var t = inputs[i];
            values.Add(t is null ? null : asConstants ? g.AddConstant($"in{i}", t) : g.AddInput($"in{i}", t.Type, t.Shape));
        }
        var y = g.AddValue("y");
        var node = g.AddNode(op, values, [y], NodeName, domain);
        attributes?.Invoke(node.Attributes);
        g.Outputs.Add(y);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });
        var fed = asConstants ? [] : inputs.Where(t => t is not null).Select(t => t!).ToArray();
        return session.Run(fed)[0];
    }

    /// <summary>The broadcast shape of two shapes (numpy's rule, written independently of Quanta's).</summary>
    public static int[] BroadcastShape(params int[][] shapes)
    {
        int rank = shapes.Max(s => s.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int d = 1;
            foreach (var s in shapes)
            {
                int j = i - (rank - s.Length);
                if (j >= 0 && s[j] != 1) d = s[j];
            }
            result[i] = d;
        }
        return result;
    }

    /// <summary>y[e] = f(inputs at e), each input indexed through its own broadcast (naively, by
    /// decomposing e into a multi-index).</summary>
    public static double[] Reference(int[] output, Tensor[] inputs, Func<double[], double> f)
    {
        long count = 1;
        foreach (int d in output) count *= d;
        var y = new double[count];
        var args = new double[inputs.Length];
        var index = new int[output.Length];
        for (long e = 0; e < count; e++)
        {
            long rest = e;
            for (int a = output.Length - 1; a >= 0; a--)
            {
                index[a] = (int)(rest % output[a]);
                rest /= output[a];
            }
            for (int k = 0; k < inputs.Length; k++)
            {
                var dims = inputs[k].Shape.ToArray();
                long offset = 0;
                for (int j = 0; j < dims.Length; j++)
                {
                    int a = j + output.Length - dims.Length;
                    offset = offset * dims[j] + (dims[j] == 1 ? 0 : index[a]);
                }
                args[k] = inputs[k].GetDouble(offset);
            }
            y[e] = f(args);
        }
        return y;
    }

    public static Tensor RandomFloats(Random random, int[] shape, double lo = -5, double hi = 5)
    {
        var s = new Shape(shape);
        var data = new float[s.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(lo + (hi - lo) * random.NextDouble());
        return Tensor.FromArray<float>(s, data);
    }

    public static Tensor RandomInts<T>(Random random, int[] shape, int lo, int hi) where T : unmanaged
    {
        var s = new Shape(shape);
        var t = Tensor.Zeros(DataTypes.Of<T>(), s);
        for (int i = 0; i < s.ElementCount; i++)
        {
            long v = random.Next(lo, hi);
            if (typeof(T) == typeof(int)) t.AsSpan<int>()[i] = (int)v;
            else if (typeof(T) == typeof(long)) t.AsSpan<long>()[i] = v;
            else if (typeof(T) == typeof(byte)) t.AsSpan<byte>()[i] = (byte)v;
            else if (typeof(T) == typeof(sbyte)) t.AsSpan<sbyte>()[i] = (sbyte)v;
            else if (typeof(T) == typeof(short)) t.AsSpan<short>()[i] = (short)v;
            else if (typeof(T) == typeof(bool)) t.AsSpan<bool>()[i] = v != 0;
            else throw new NotSupportedException(typeof(T).Name);
        }
        return t;
    }

    /// <summary>Checks float results against double expectations: |got − want| ≤ atol + rtol·|want|,
    /// NaN where NaN is expected, and equal infinities.</summary>
    public static void AssertClose(double[] expected, Tensor actual, double rtol = 1e-6, double atol = 0, string? what = null)
    {
        var got = actual.ToArray<float>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            double want = expected[i], have = got[i];
            bool ok = double.IsNaN(want) ? double.IsNaN(have)
                : double.IsInfinity(want) || Math.Abs(want) > float.MaxValue ? have == (float)want
                : Math.Abs(have - want) <= atol + rtol * Math.Abs(want);
            Assert.True(ok, $"{what} element {i}: expected {want:R}, got {have:R}");
        }
    }

    /// <summary>Checks bool or integer results exactly.</summary>
    public static void AssertExact(double[] expected, Tensor actual, string? what = null)
    {
        Assert.Equal(expected.Length, actual.ElementCount);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual.GetDouble(i), $"{what} element {i}: expected {expected[i]}, got {actual.GetDouble(i)}");
    }
}
