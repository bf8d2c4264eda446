namespace Quanta.Kernels;

/// <summary>
/// Walks the elements of a broadcast output in row-major order and yields, for each, the offset of
/// the matching element in each operand (stride 0 along broadcast axes). Reference-grade: simple,
/// allocation at construction only.
/// </summary>
public sealed class BroadcastIndexer
{
    private readonly int[] _outDims;
    private readonly long[][] _strides;

    /// <summary>Prepares offsets of <paramref name="operands"/> broadcast to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">An operand cannot broadcast to the output.</exception>
    public BroadcastIndexer(ReadOnlySpan<int> output, params int[][] operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        _outDims = output.ToArray();
        int rank = _outDims.Length;
        _strides = new long[operands.Length][];
        for (int k = 0; k < operands.Length; k++)
        {
            var dims = operands[k];
            if (dims.Length > rank) throw new ArgumentException($"operand {k} has rank {dims.Length} > output rank {rank}");
            var strides = new long[rank];
            long s = 1;
            for (int i = dims.Length - 1; i >= 0; i--)
            {
                int o = i + rank - dims.Length;
                if (dims[i] != 1 && dims[i] != _outDims[o])
                    throw new ArgumentException($"operand {k} dimension {i} ({dims[i]}) cannot broadcast to {_outDims[o]}");
                strides[o] = dims[i] == 1 ? 0 : s;
                s *= dims[i];
            }
            _strides[k] = strides;
        }
    }

    /// <summary>Fills <paramref name="offsets"/>[k][e] with operand k's offset for output element e.</summary>
    /// <remarks>The offsets arrays must hold the output's element count each.</remarks>
    public void Fill(long[][] offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        int rank = _outDims.Length;
        var index = new int[rank];
        long count = 1;
        foreach (int d in _outDims) count *= d;
        var cur = new long[_strides.Length];
        for (long e = 0; e < count; e++)
        {
            for (int k = 0; k < cur.Length; k++) offsets[k][e] = cur[k];
            // Increment the multi-index, carrying from the last axis.
            for (int a = rank - 1; a >= 0; a--)
            {
                index[a]++;
                for (int k = 0; k < cur.Length; k++) cur[k] += _strides[k][a];
                if (index[a] < _outDims[a]) break;
                for (int k = 0; k < cur.Length; k++) cur[k] -= _strides[k][a] * index[a];
                index[a] = 0;
            }
        }
    }
}
