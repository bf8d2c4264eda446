namespace Quanta.Kernels;

/// <summary>
/// The iteration geometry of an element-wise op whose operands broadcast to one output (numpy's
/// rules, which ONNX and TFLite share). The output is walked as <see cref="RowCount"/> rows of
/// <see cref="InnerLength"/> contiguous elements; within a row each operand either advances with the
/// output (inner stride 1) or repeats one element (inner stride 0), starting at its row offset.
/// </summary>
/// <remarks>
/// Output axes of size 1 are dropped and adjacent axes along which every operand broadcasts alike
/// are merged first (what TFLite's broadcast loops call fusing), so a same-shape op is a single row
/// and a bias add <c>[N,C] + [C]</c> is N rows of C. Built once per plan; the drivers in
/// <see cref="ElementwiseReference"/> then stream without any per-element index arithmetic.
/// </remarks>
public sealed class BroadcastLayout
{
    private readonly int[][] _rowOffsets;
    private readonly int[] _innerStrides;
    private readonly int[] _operandLengths;

    /// <summary>Plans how <paramref name="operands"/> broadcast to <paramref name="output"/>.</summary>
    /// <param name="output">The output's dimensions (the broadcast of the operands', or larger).</param>
    /// <param name="operands">Each operand's dimensions, right-aligned against the output's.</param>
    /// <exception cref="ArgumentException">An operand has a higher rank than the output, or a
    /// dimension that is neither 1 nor the output's.</exception>
    public BroadcastLayout(ReadOnlySpan<int> output, params int[][] operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        int rank = output.Length;
        int count = operands.Length;
        var aligned = new int[count][];
        _operandLengths = new int[count];
        for (int k = 0; k < count; k++)
        {
            var dims = operands[k] ?? throw new ArgumentNullException(nameof(operands));
            if (dims.Length > rank) throw new ArgumentException($"operand {k} has rank {dims.Length}, above the output's {rank}", nameof(operands));
            aligned[k] = new int[rank];
            long length = 1;
            for (int i = 0; i < rank; i++)
            {
                int j = i - (rank - dims.Length);
                int d = j < 0 ? 1 : dims[j];
                if (d != 1 && d != output[i])
                    throw new ArgumentException($"operand {k} dimension {j} ({d}) cannot broadcast to {output[i]}", nameof(operands));
                aligned[k][i] = d;
                length *= d;
            }
            _operandLengths[k] = checked((int)length);
        }

        long total = 1;
        foreach (int d in output) total *= d;
        OutputLength = checked((int)total);
        _innerStrides = new int[count];
        if (total == 0)
        {
            _rowOffsets = Enumerable.Range(0, count).Select(_ => Array.Empty<int>()).ToArray();
            return;
        }

        // Groups of merged axes: their size and, per operand, whether it spans them (true) or
        // repeats along them (false).
        var sizes = new List<int>();
        var spans = new List<bool[]>();
        for (int i = 0; i < rank; i++)
        {
            if (output[i] == 1) continue;
            var s = new bool[count];
            for (int k = 0; k < count; k++) s[k] = aligned[k][i] != 1;
            if (spans.Count > 0 && s.AsSpan().SequenceEqual(spans[^1])) sizes[^1] *= output[i];
            else { sizes.Add(output[i]); spans.Add(s); }
        }

        int groups = sizes.Count;
        InnerLength = groups == 0 ? 1 : sizes[^1];
        RowCount = OutputLength / InnerLength;

        // An operand's element stride along a group is the product of the later groups it spans
        // (its own dimensions are 1 wherever it repeats).
        var strides = new int[count][];
        for (int k = 0; k < count; k++)
        {
            strides[k] = new int[groups];
            int s = 1;
            for (int g = groups - 1; g >= 0; g--)
            {
                strides[k][g] = spans[g][k] ? s : 0;
                if (spans[g][k]) s *= sizes[g];
            }
            _innerStrides[k] = groups == 0 ? 0 : strides[k][groups - 1];
        }

        _rowOffsets = new int[count][];
        for (int k = 0; k < count; k++) _rowOffsets[k] = new int[RowCount];
        var index = new int[Math.Max(groups - 1, 0)];
        var offset = new int[count];
        for (int r = 0; r < RowCount; r++)
        {
            for (int k = 0; k < count; k++) _rowOffsets[k][r] = offset[k];
            // Advance the multi-index over the outer groups, carrying from the last one.
            for (int g = index.Length - 1; g >= 0; g--)
            {
                index[g]++;
                for (int k = 0; k < count; k++) offset[k] += strides[k][g];
                if (index[g] < sizes[g]) break;
                for (int k = 0; k < count; k++) offset[k] -= strides[k][g] * sizes[g];
                index[g] = 0;
            }
        }
    }

    /// <summary>Number of operands.</summary>
    public int OperandCount => _innerStrides.Length;

    /// <summary>Number of output elements.</summary>
    public int OutputLength { get; }

    /// <summary>Length of one row (0 when the output is empty).</summary>
    public int InnerLength { get; }

    /// <summary>Number of rows (0 when the output is empty).</summary>
    public int RowCount { get; }

    /// <summary>Number of elements operand <paramref name="operand"/> must hold.</summary>
    public int OperandLength(int operand) => _operandLengths[operand];

    /// <summary>1 when operand <paramref name="operand"/> advances along a row, 0 when it repeats.</summary>
    public int InnerStride(int operand) => _innerStrides[operand];

    /// <summary>The element offset of operand <paramref name="operand"/> at the start of each row.</summary>
    public ReadOnlySpan<int> RowOffsets(int operand) => _rowOffsets[operand];

    /// <summary>True when operand <paramref name="operand"/> is laid out exactly like the output.</summary>
    public bool IsDense(int operand) => _operandLengths[operand] == OutputLength;
}
