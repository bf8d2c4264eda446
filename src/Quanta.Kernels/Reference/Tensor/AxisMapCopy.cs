using System.Runtime.InteropServices;

namespace Quanta.Kernels;

/// <summary>
/// The one data-movement primitive behind Transpose, Slice, StridedSlice, Expand, Tile, Pad,
/// DepthToSpace and their TFLite twins: it walks a box of coordinates and copies, for each, one
/// element of any type (given only its size in bytes) from a source offset that is a sum of
/// per-axis terms, to a destination offset that is affine in the coordinates.
/// </summary>
/// <remarks>
/// <para>For coordinates <c>(i_0 … i_{r−1})</c> inside <c>dims</c>:
/// <c>dst[dstBase + Σ i_a·dstStride_a] = src[Σ map_a[i_a]]</c>, offsets in elements. Every op above
/// is a choice of maps: a transpose permutes strides, a slice starts and steps, a broadcast has
/// zeros, a reflect pad folds indices.</para>
/// <para>Construction normalizes the walk once: size-1 axes fold into the base offsets and
/// adjacent axes that are affine in both source and destination merge, so that the innermost run
/// is as long as possible; when that run is contiguous on both sides it is one block copy. Run
/// allocates nothing. Not thread-safe (it keeps its odometer between runs).</para>
/// </remarks>
public sealed class AxisMapCopy
{
    private readonly int _elementSize;
    private readonly int[] _dims;
    private readonly long[][] _maps;
    private readonly long[] _dstStrides;
    private readonly long _srcBase;
    private readonly long _dstBase;
    private readonly long _count;
    // Innermost axis: affine source stride (or null map), destination stride.
    private readonly long _innerSrcStride;
    private readonly bool _innerAffine;
    private readonly bool _innerBlock;
    private readonly int[] _index;
    private readonly long[] _srcPartial;
    private readonly long[] _dstPartial;

    /// <summary>Prepares a copy.</summary>
    /// <param name="elementSize">Bytes per element (1, 2, 4 or 8; other sizes copy byte by byte).</param>
    /// <param name="dims">The box of coordinates to walk (row-major, last axis fastest).</param>
    /// <param name="sourceOffsets">Per axis, the source offset (in elements) that each coordinate
    /// contributes; <c>sourceOffsets[a].Length == dims[a]</c>.</param>
    /// <param name="destinationStrides">Per axis, the destination stride in elements.</param>
    /// <param name="destinationBase">The destination offset, in elements, of coordinate 0.</param>
    /// <exception cref="ArgumentException">Lengths disagree or a size is negative.</exception>
    public AxisMapCopy(int elementSize, ReadOnlySpan<int> dims, long[][] sourceOffsets, ReadOnlySpan<long> destinationStrides, long destinationBase = 0)
    {
        ArgumentNullException.ThrowIfNull(sourceOffsets);
        if (elementSize <= 0) throw new ArgumentException($"element size {elementSize} must be positive", nameof(elementSize));
        if (sourceOffsets.Length != dims.Length || destinationStrides.Length != dims.Length)
            throw new ArgumentException($"{dims.Length} dims, {sourceOffsets.Length} maps and {destinationStrides.Length} strides");
        _elementSize = elementSize;
        long count = 1;
        for (int a = 0; a < dims.Length; a++)
        {
            if (dims[a] < 0) throw new ArgumentException($"dimension {dims[a]} is negative", nameof(dims));
            if (sourceOffsets[a].Length != dims[a])
                throw new ArgumentException($"axis {a} has {dims[a]} coordinates but {sourceOffsets[a].Length} offsets", nameof(sourceOffsets));
            count *= dims[a];
        }
        _count = count;

        // Normalize: fold size-1 axes into the bases, then merge adjacent affine axes.
        var axes = new List<(int Dim, long[] Map, long DstStride)>();
        long srcBase = 0, dstBase = destinationBase;
        for (int a = 0; a < dims.Length; a++)
        {
            if (dims[a] == 1) { srcBase += sourceOffsets[a][0]; continue; }
            if (dims[a] == 0) { axes.Clear(); axes.Add((0, [], 0)); break; }
            long first = sourceOffsets[a][0];
            var map = (long[])sourceOffsets[a].Clone();
            for (int i = 0; i < map.Length; i++) map[i] -= first;
            srcBase += first;
            axes.Add((dims[a], map, destinationStrides[a]));
        }
        for (int k = axes.Count - 2; k >= 0; k--)
        {
            var (outer, inner) = (axes[k], axes[k + 1]);
            if (AffineStride(outer.Map) is long so && AffineStride(inner.Map) is long si &&
                so == si * inner.Dim && outer.DstStride == inner.DstStride * inner.Dim)
            {
                int dim = checked(outer.Dim * inner.Dim);
                var map = new long[dim];
                for (int i = 0; i < dim; i++) map[i] = i * si;
                axes[k] = (dim, map, inner.DstStride);
                axes.RemoveAt(k + 1);
            }
        }
        if (axes.Count == 0) axes.Add((1, [0], 1));

        _dims = axes.Select(x => x.Dim).ToArray();
        _maps = axes.Select(x => x.Map).ToArray();
        _dstStrides = axes.Select(x => x.DstStride).ToArray();
        _srcBase = srcBase;
        _dstBase = dstBase;
        int last = _dims.Length - 1;
        var innerStride = AffineStride(_maps[last]);
        _innerAffine = innerStride is not null;
        _innerSrcStride = innerStride ?? 0;
        _innerBlock = _innerAffine && _innerSrcStride == 1 && _dstStrides[last] == 1;
        _index = new int[_dims.Length];
        _srcPartial = new long[_dims.Length];
        _dstPartial = new long[_dims.Length];
    }

    /// <summary>Number of elements copied per run.</summary>
    public long ElementCount => _count;

    /// <summary>Copies; <paramref name="source"/> and <paramref name="destination"/> are raw element bytes.</summary>
    /// <exception cref="ArgumentException">A span is too short for the offsets prepared.</exception>
    public void Run(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (_count == 0) return;
        switch (_elementSize)
        {
            case 1: Walk(source, destination); break;
            case 2: Walk(MemoryMarshal.Cast<byte, short>(source), MemoryMarshal.Cast<byte, short>(destination)); break;
            case 4: Walk(MemoryMarshal.Cast<byte, int>(source), MemoryMarshal.Cast<byte, int>(destination)); break;
            case 8: Walk(MemoryMarshal.Cast<byte, long>(source), MemoryMarshal.Cast<byte, long>(destination)); break;
            default: WalkBytes(source, destination); break;
        }
    }

    private void Walk<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged
    {
        int last = _dims.Length - 1;
        int innerDim = _dims[last];
        long[] innerMap = _maps[last];
        long innerDst = _dstStrides[last];
        Reset();
        while (true)
        {
            long s = _srcPartial[last], d = _dstPartial[last];
            if (_innerBlock)
            {
                src.Slice(checked((int)s), innerDim).CopyTo(dst.Slice(checked((int)d), innerDim));
            }
            else if (_innerAffine)
            {
                for (int i = 0; i < innerDim; i++) dst[(int)(d + i * innerDst)] = src[(int)(s + i * _innerSrcStride)];
            }
            else
            {
                for (int i = 0; i < innerDim; i++) dst[(int)(d + i * innerDst)] = src[(int)(s + innerMap[i])];
            }
            if (!Advance()) return;
        }
    }

    private void WalkBytes(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int last = _dims.Length - 1;
        int es = _elementSize;
        Reset();
        while (true)
        {
            for (int i = 0; i < _dims[last]; i++)
            {
                long s = _srcPartial[last] + _maps[last][i], d = _dstPartial[last] + i * _dstStrides[last];
                src.Slice(checked((int)(s * es)), es).CopyTo(dst.Slice(checked((int)(d * es)), es));
            }
            if (!Advance()) return;
        }
    }

    // The odometer runs over every axis but the innermost; partial sums hold the offsets of the
    // innermost run's first element, so a carry recomputes only the axes it touched.
    private void Reset()
    {
        Array.Clear(_index);
        Recompute(0);
    }

    private void Recompute(int from)
    {
        for (int a = from; a < _dims.Length; a++)
        {
            long s = a == 0 ? _srcBase : _srcPartial[a - 1];
            long d = a == 0 ? _dstBase : _dstPartial[a - 1];
            bool inner = a == _dims.Length - 1;
            _srcPartial[a] = s + (inner ? 0 : _maps[a][_index[a]]);
            _dstPartial[a] = d + (inner ? 0 : _index[a] * _dstStrides[a]);
        }
    }

    private bool Advance()
    {
        for (int a = _dims.Length - 2; a >= 0; a--)
        {
            if (++_index[a] < _dims[a])
            {
                Recompute(a);
                return true;
            }
            _index[a] = 0;
        }
        return false;
    }

    private static long? AffineStride(long[] map)
    {
        if (map.Length < 2) return map.Length == 1 ? 0 : null;
        long stride = map[1] - map[0];
        for (int i = 2; i < map.Length; i++)
        {
            if (map[i] - map[i - 1] != stride) return null;
        }
        return stride;
    }

    /// <summary>Offsets of an axis walked from <paramref name="start"/> by <paramref name="step"/>,
    /// <paramref name="count"/> times, scaled by <paramref name="stride"/> (a slice of a strided axis).</summary>
    public static long[] Affine(int count, long start, long step, long stride)
    {
        var map = new long[count];
        for (int i = 0; i < count; i++) map[i] = (start + i * step) * stride;
        return map;
    }

    /// <summary>Row-major strides (in elements) of a dense tensor of shape <paramref name="dims"/>.</summary>
    public static long[] DenseStrides(ReadOnlySpan<int> dims)
    {
        var strides = new long[dims.Length];
        long s = 1;
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            strides[a] = s;
            s *= dims[a];
        }
        return strides;
    }
}
