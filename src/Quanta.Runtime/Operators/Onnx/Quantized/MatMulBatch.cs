using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// The matrices of a numpy-style batched MatMul: M, K, N and, for every output matrix, the element
/// offsets of its A and B operands after broadcasting the batch axes (a 1-D A is a row [1, K], a 1-D
/// B a column [K, 1]).
/// </summary>
internal sealed class MatMulBatch
{
    public MatMulBatch(Shape aShape, Shape bShape)
    {
        var a = aShape.ToArray();
        var b = bShape.ToArray();
        if (a.Length == 1) a = [1, a[0]];
        if (b.Length == 1) b = [b[0], 1];
        (M, K, N) = (a[^2], a[^1], b[^1]);
        var batchA = a[..^2];
        var batchB = b[..^2];
        var batch = Broadcasting.Broadcast(new Shape(batchA), new Shape(batchB))!;
        long count = Math.Max(batch.ElementCount, 0);
        var offsets = new[] { new long[count], new long[count] };
        new BroadcastIndexer(batch.Dims, batchA, batchB).Fill(offsets);
        OffsetsA = Array.ConvertAll(offsets[0], o => checked((int)(o * M * K)));
        OffsetsB = Array.ConvertAll(offsets[1], o => checked((int)(o * K * N)));
    }

    /// <summary>Rows of A and of each output matrix.</summary>
    public int M { get; }

    /// <summary>The reduced dimension.</summary>
    public int K { get; }

    /// <summary>Columns of B and of each output matrix.</summary>
    public int N { get; }

    /// <summary>Number of output matrices.</summary>
    public int Count => OffsetsA.Length;

    /// <summary>Element offset of A's matrix for each output matrix.</summary>
    public int[] OffsetsA { get; }

    /// <summary>Element offset of B's matrix for each output matrix.</summary>
    public int[] OffsetsB { get; }

    /// <summary>A's layout for output matrix <paramref name="i"/>.</summary>
    public MatrixLayout A(int i) => MatrixLayout.RowMajor(K, OffsetsA[i]);

    /// <summary>B's layout for output matrix <paramref name="i"/>.</summary>
    public MatrixLayout B(int i) => MatrixLayout.RowMajor(N, OffsetsB[i]);

    /// <summary>The output layout of matrix <paramref name="i"/>.</summary>
    public MatrixLayout Y(int i) => MatrixLayout.RowMajor(N, i * M * N);
}
