using System.Collections;
using System.Text;

namespace Quanta.Core;

/// <summary>
/// An immutable tensor shape. A dimension of <see cref="Unknown"/> (−1) is not known yet: a
/// dynamic batch before the session sees its input, or a symbolic dimension in an imported model.
/// </summary>
/// <remarks>Rank 0 is a scalar with one element.</remarks>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    /// <summary>The value of a dimension whose size is not known.</summary>
    public const int Unknown = -1;

    private readonly int[] _dims;

    /// <summary>The shape of a scalar (rank 0).</summary>
    public static Shape Scalar { get; } = new(Array.Empty<int>());

    /// <summary>Creates a shape; every dimension must be ≥ 0 or <see cref="Unknown"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is below −1.</exception>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (int d in dims)
        {
            if (d < Unknown)
                throw new ArgumentException($"dimension {d} is negative", nameof(dims));
        }
        _dims = (int[])dims.Clone();
    }

    /// <summary>Creates a shape from a span of dimensions.</summary>
    public Shape(ReadOnlySpan<int> dims) : this(dims.ToArray()) { }

    /// <summary>Creates a shape from 64-bit dimensions (as ONNX and TFLite store them).</summary>
    /// <exception cref="ArgumentException">A dimension does not fit in an int or is below −1.</exception>
    public static Shape FromInt64(ReadOnlySpan<long> dims)
    {
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < Unknown || dims[i] > int.MaxValue)
                throw new ArgumentException($"dimension {dims[i]} is out of range", nameof(dims));
            result[i] = (int)dims[i];
        }
        return new Shape(result);
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <inheritdoc/>
    public int Count => _dims.Length;

    /// <summary>Size of dimension <paramref name="axis"/>; a negative axis counts from the end.</summary>
    public int this[int axis] => _dims[axis < 0 ? axis + _dims.Length : axis];

    /// <summary>The dimensions.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>True when every dimension is known.</summary>
    public bool IsFullyKnown => Array.IndexOf(_dims, Unknown) < 0;

    /// <summary>Number of elements; −1 if a dimension is unknown.</summary>
    /// <exception cref="OverflowException">The product overflows a long.</exception>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in _dims)
            {
                if (d == Unknown) return -1;
                n = checked(n * d);
            }
            return n;
        }
    }

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>The dimensions as 64-bit values.</summary>
    public long[] ToInt64Array() => Array.ConvertAll(_dims, d => (long)d);

    /// <summary>Row-major strides in elements.</summary>
    public long[] Strides()
    {
        var strides = new long[_dims.Length];
        long s = 1;
        for (int i = _dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(_dims[i], 0);
        }
        return strides;
    }

    /// <summary>Normalizes an axis that may count from the end into [0, rank).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [−rank, rank).</exception>
    public int NormalizeAxis(long axis) => NormalizeAxis(axis, Rank);

    /// <summary>Normalizes <paramref name="axis"/> for a tensor of rank <paramref name="rank"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [−rank, rank).</exception>
    public static int NormalizeAxis(long axis, int rank)
    {
        if (axis < -rank || axis >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"axis must lie in [{-rank}, {rank})");
        return (int)(axis < 0 ? axis + rank : axis);
    }

    /// <summary>A copy with one dimension changed.</summary>
    public Shape With(int axis, int size)
    {
        var dims = ToArray();
        dims[axis < 0 ? axis + dims.Length : axis] = size;
        return new Shape(dims);
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in _dims) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <summary>Shapes are equal when their dimensions are.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Shapes differ when a dimension or the rank differs.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Formats as <c>[1,3,224,224]</c>, with <c>?</c> for an unknown dimension.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < _dims.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(_dims[i] == Unknown ? "?" : _dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.Append(']').ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();
}
