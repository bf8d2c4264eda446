using System.Numerics;

namespace Quanta.Kernels;

/// <summary>
/// The k largest (or smallest) elements along one axis of a tensor seen as <c>[outer, axis, inner]</c>
/// and their indices (ONNX TopK), sorted, equal values in increasing index order as ONNX specifies.
/// Prepared once per shape: the scratch row and index buffers are reused by every run.
/// </summary>
public sealed class TopKReference<T> where T : struct, INumber<T>
{
    private readonly int _outer, _axis, _inner, _k;
    private readonly Order _order;
    private readonly int[] _indices;

    /// <summary>Prepares a top-k of <paramref name="k"/> elements over an axis of size <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> exceeds the axis.</exception>
    public TopKReference(int outer, int axis, int inner, int k, bool largest)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, axis);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        (_outer, _axis, _inner, _k) = (outer, axis, inner, k);
        _order = new Order(new T[axis], largest);
        _indices = new int[axis];
    }

    /// <summary>Writes the k values and their int64 indices per (outer, inner) pair.</summary>
    public void Run(ReadOnlySpan<T> x, Span<T> values, Span<long> indices)
    {
        for (int o = 0; o < _outer; o++)
        {
            for (int i = 0; i < _inner; i++)
            {
                int start = o * _axis * _inner + i;
                for (int a = 0; a < _axis; a++)
                {
                    _order.Row[a] = x[start + a * _inner];
                    _indices[a] = a;
                }
                _indices.AsSpan().Sort(_order);
                int outStart = o * _k * _inner + i;
                for (int a = 0; a < _k; a++)
                {
                    values[outStart + a * _inner] = _order.Row[_indices[a]];
                    indices[outStart + a * _inner] = _indices[a];
                }
            }
        }
    }

    // Orders indices by their row value (descending for largest), ties by index: a total order,
    // so the unstable sort gives ONNX's result.
    private sealed class Order(T[] row, bool largest) : IComparer<int>
    {
        public T[] Row { get; } = row;

        public int Compare(int a, int b)
        {
            int c = Row[a].CompareTo(Row[b]);
            if (largest) c = -c;
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
