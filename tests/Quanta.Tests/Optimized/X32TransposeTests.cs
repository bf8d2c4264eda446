using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary><see cref="X32Transpose"/>: which permutations are batched 2-D transposes, and the moved elements.</summary>
public class X32TransposeTests
{
    [Fact]
    public void RecognizesBatchedMatrixTransposes()
    {
        Assert.Equal((2, 3, 20), X32Transpose.AsBatchedMatrix([2, 3, 4, 5], [0, 2, 3, 1]));   // NCHW → NHWC
        Assert.Equal((2, 20, 3), X32Transpose.AsBatchedMatrix([2, 4, 5, 3], [0, 3, 1, 2]));   // NHWC → NCHW
        Assert.Equal((1, 3, 20), X32Transpose.AsBatchedMatrix([1, 3, 4, 5], [0, 2, 3, 1]));
        Assert.Equal((1, 4, 3), X32Transpose.AsBatchedMatrix([4, 3], [1, 0]));
        Assert.Equal((1, 3, 7), X32Transpose.AsBatchedMatrix([1, 3, 1, 7], [0, 3, 2, 1]));   // size-1 axes ignored
        Assert.Null(X32Transpose.AsBatchedMatrix([2, 3, 4], [2, 1, 0]));                     // three groups reversed
        Assert.Null(X32Transpose.AsBatchedMatrix([2, 3, 4, 5], [0, 1, 2, 3]));               // identity
    }

    [Fact]
    public void MovesEveryElement()
    {
        foreach (var (batch, rows, columns) in new[] { (1, 1, 1), (2, 3, 20), (1, 17, 9), (3, 8, 8), (1, 67, 13) })
        {
            var x = Enumerable.Range(0, batch * rows * columns).Select(i => (float)i).ToArray();
            var y = new float[x.Length];
            X32Transpose.Run(batch, rows, columns, x, y);
            for (int b = 0; b < batch; b++)
            {
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                        Assert.Equal(x[(b * rows + r) * columns + c], y[(b * columns + c) * rows + r]);
                }
            }
        }
    }
}
