namespace Quanta.Core;

/// <summary>
/// Axis permutations as ONNX Transpose defines them: <c>out.dims[i] = in.dims[perm[i]]</c>. The
/// two the layout passes use are <see cref="ToNhwc"/> and <see cref="ToNchw"/>.
/// </summary>
public static class Permutation
{
    /// <summary>NCHW → NHWC: <c>[0, 2, 3, 1]</c>.</summary>
    public static IReadOnlyList<int> ToNhwc { get; } = [0, 2, 3, 1];

    /// <summary>NHWC → NCHW: <c>[0, 3, 1, 2]</c>.</summary>
    public static IReadOnlyList<int> ToNchw { get; } = [0, 3, 1, 2];

    /// <summary>The permutation that undoes <paramref name="perm"/>.</summary>
    public static int[] Inverse(IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        var inverse = new int[perm.Count];
        for (int i = 0; i < perm.Count; i++) inverse[perm[i]] = i;
        return inverse;
    }

    /// <summary>Transpose by <paramref name="first"/>, then by <paramref name="second"/>, as one permutation.</summary>
    public static int[] Compose(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var composed = new int[second.Count];
        for (int i = 0; i < composed.Length; i++) composed[i] = first[second[i]];
        return composed;
    }

    /// <summary>True when <paramref name="perm"/> leaves every axis in place.</summary>
    public static bool IsIdentity(IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        for (int i = 0; i < perm.Count; i++)
        {
            if (perm[i] != i) return false;
        }
        return true;
    }

    /// <summary>True when both permutations are equal.</summary>
    public static bool SameAs(IReadOnlyList<int> a, IReadOnlyList<int> b) =>
        a.Count == b.Count && a.SequenceEqual(b);

    /// <summary>The shape after transposing <paramref name="shape"/> by <paramref name="perm"/>.</summary>
    public static Shape Apply(Shape shape, IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(perm);
        var dims = new int[perm.Count];
        for (int i = 0; i < dims.Length; i++) dims[i] = shape[perm[i]];
        return new Shape(dims);
    }

    /// <summary>True when transposing <paramref name="shape"/> by <paramref name="perm"/> keeps the
    /// elements in memory order: the axes longer than 1 (unknown counts as longer) keep their order.
    /// Such a transpose is a reshape.</summary>
    public static bool KeepsMemoryOrder(Shape shape, IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(perm);
        int last = -1;
        foreach (int axis in perm)
        {
            if (shape[axis] == 1) continue;
            if (axis < last) return false;
            last = axis;
        }
        return true;
    }

    /// <summary>Reads a Transpose node's <c>perm</c> (reversed axes when absent, as ONNX defines).</summary>
    /// <returns>The permutation, or null when the input's rank is unknown and perm is absent.</returns>
    public static int[]? Of(Node transpose)
    {
        ArgumentNullException.ThrowIfNull(transpose);
        if (transpose.Attributes.GetInts("perm") is { } perm) return Array.ConvertAll(perm, p => (int)p);
        int? rank = transpose.Inputs[0]?.Shape?.Rank;
        return rank is int r ? Enumerable.Range(0, r).Reverse().ToArray() : null;
    }

    /// <summary>A copy of <paramref name="tensor"/> transposed by <paramref name="perm"/> (any element type).</summary>
    /// <exception cref="ArgumentException">The permutation's length is not the tensor's rank.</exception>
    public static Tensor Transpose(Tensor tensor, IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(perm);
        int rank = tensor.Shape.Rank;
        if (perm.Count != rank) throw new ArgumentException($"perm has {perm.Count} axes; the tensor {tensor.Shape} has {rank}", nameof(perm));
        var outShape = Apply(tensor.Shape, perm);
        var result = Tensor.Zeros(tensor.Type, outShape, tensor.Quant);
        int size = tensor.Type.SizeOf();
        long[] inStrides = tensor.Shape.Strides();
        var index = new int[rank];
        var src = tensor.Bytes;
        var dst = result.Bytes;
        long count = outShape.ElementCount;
        for (long o = 0; o < count; o++)
        {
            long i = 0;
            for (int a = 0; a < rank; a++) i += index[a] * inStrides[perm[a]];
            src.Slice((int)(i * size), size).CopyTo(dst.Slice((int)(o * size), size));
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < outShape[a]) break;
                index[a] = 0;
            }
        }
        return result;
    }
}
