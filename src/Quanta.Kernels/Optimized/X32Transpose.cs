namespace Quanta.Kernels;

/// <summary>
/// Transposes of 32-bit elements that are batches of 2-D transposes (XNNPACK's x32-transposec):
/// after merging axes that stay next to each other, NCHW → NHWC is [N, C, HW] → [N, HW, C] and
/// NHWC → NCHW the reverse. Copied in 8×8 blocks so that both the reads and the writes stay in a
/// few cache lines; the result is the same elements moved, bit for bit.
/// </summary>
public static unsafe class X32Transpose
{
    private const int Block = 8;

    /// <summary>Finds (batch, rows, columns) such that the transpose of <paramref name="dims"/> by
    /// <paramref name="perm"/> is <c>batch</c> independent [rows, columns] → [columns, rows]
    /// transposes, or null when it is not of that form.</summary>
    public static (int Batch, int Rows, int Columns)? AsBatchedMatrix(ReadOnlySpan<int> dims, ReadOnlySpan<int> perm)
    {
        // Drop size-1 axes, then merge runs of input axes that stay consecutive in the output.
        var kept = new List<int>();
        foreach (int axis in perm)
        {
            if (dims[axis] != 1) kept.Add(axis);
        }
        var groups = new List<(int First, long Size)>();
        for (int i = 0; i < kept.Count; i++)
        {
            if (groups.Count > 0 && NextKept(dims, groups[^1].First, kept[i - 1]) == kept[i])
                groups[^1] = (groups[^1].First, groups[^1].Size * dims[kept[i]]);
            else
                groups.Add((kept[i], dims[kept[i]]));
        }
        // Output order of groups vs. input order: a batched 2-D transpose is input [B, R, C] as output [B, C, R].
        var byInput = groups.OrderBy(g => g.First).ToList();
        if (groups.Count == 2 && groups[0].First > groups[1].First)
            return Checked(1, groups[1].Size, groups[0].Size);
        if (groups.Count == 3 && groups[0] == byInput[0] && groups[1] == byInput[2] && groups[2] == byInput[1])
            return Checked(groups[0].Size, byInput[1].Size, byInput[2].Size);
        return null;
    }

    private static int NextKept(ReadOnlySpan<int> dims, int first, int last)
    {
        int next = last + 1;
        while (next < dims.Length && dims[next] == 1) next++;
        return next;
    }

    private static (int, int, int)? Checked(long batch, long rows, long columns) =>
        batch * rows * columns > int.MaxValue ? null : ((int)batch, (int)rows, (int)columns);

    /// <summary><c>y[b, c, r] = x[b, r, c]</c> for 32-bit elements.</summary>
    public static void Run(int batch, int rows, int columns, ReadOnlySpan<float> x, Span<float> y)
    {
        long plane = (long)rows * columns;
        if (x.Length < batch * plane || y.Length < batch * plane) throw new ArgumentException("buffers too small for the transpose");
        fixed (float* px = x, py = y)
        {
            for (int b = 0; b < batch; b++)
            {
                float* src = px + b * plane, dst = py + b * plane;
                for (int r0 = 0; r0 < rows; r0 += Block)
                {
                    int r1 = Math.Min(r0 + Block, rows);
                    for (int c0 = 0; c0 < columns; c0 += Block)
                    {
                        int c1 = Math.Min(c0 + Block, columns);
                        for (int c = c0; c < c1; c++)
                        {
                            float* d = dst + (long)c * rows;
                            for (int r = r0; r < r1; r++) d[r] = src[(long)r * columns + c];
                        }
                    }
                }
            }
        }
    }
}
