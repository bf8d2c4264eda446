using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>ONNX Gemm and MatMul.</summary>
public class GemmTests
{
    // A = [[1, 2], [3, 4], [5, 6]], B = [[1, 0, -1], [2, 1, 0]] → A·B = [[5, 2, -1], [11, 4, -3], [17, 6, -5]]
    private static readonly Tensor s_a = F([3, 2], 1, 2, 3, 4, 5, 6);
    private static readonly Tensor s_b = F([2, 3], 1, 0, -1, 2, 1, 0);
    private static readonly float[] s_ab = [5, 2, -1, 11, 4, -3, 17, 6, -5];

    [Fact]
    public void GemmWithoutAndWithBias()
    {
        Assert.Equal(s_ab, new NodeCase("Gemm").Input(s_a).Input(s_b).RunFloats());
        // C [3] broadcasts along rows, C [3, 1] along columns, a scalar everywhere.
        Assert.Equal([6, 4, 2, 12, 6, 0, 18, 8, -2], new NodeCase("Gemm").Input(s_a).Input(s_b).Constant(Tensor.Vector(1f, 2f, 3f)).RunFloats());
        Assert.Equal([6, 3, 0, 13, 6, -1, 20, 9, -2], new NodeCase("Gemm").Input(s_a).Input(s_b).Input(F([3, 1], 1, 2, 3)).RunFloats());
        Assert.Equal(s_ab.Select(v => v + 0.5f).ToArray(), new NodeCase("Gemm").Input(s_a).Input(s_b).Constant(Tensor.Scalar(0.5f)).RunFloats());
    }

    [Fact]
    public void GemmAlphaBetaAndTransposes()
    {
        // Aᵀ stored [2, 3], Bᵀ stored [3, 2]; Y = 2·A·B + 0.5·C
        var at = F([2, 3], 1, 3, 5, 2, 4, 6);
        var bt = F([3, 2], 1, 2, 0, 1, -1, 0);
        var c = Fill(2f, 3, 3);
        var y = new NodeCase("Gemm").Input(at).Input(bt).Input(c).Int("transA", 1).Int("transB", 1).Float("alpha", 2f).Float("beta", 0.5f).RunFloats();
        Assert.Equal(s_ab.Select(v => 2 * v + 1).ToArray(), y);
    }

    [Fact]
    public void GemmRejectsMismatchedInnerSizes()
    {
        var e = Assert.Throws<GraphValidationException>(() => new NodeCase("Gemm").Input(s_a).Input(s_a).Run());
        Assert.Contains("K", e.Message);
    }

    [Fact]
    public void MatMulOfVectorsAndMatrices()
    {
        Assert.Equal(s_ab, new NodeCase("MatMul").Input(s_a).Input(s_b).RunFloats());
        var v = new NodeCase("MatMul").Input(Tensor.Vector(1f, 1f)).Input(s_b).Run()[0];
        Assert.Equal(new Shape(3), v.Shape);
        Assert.Equal([3f, 1, -1], v.ToArray<float>());
        var w = new NodeCase("MatMul").Input(s_a).Input(Tensor.Vector(1f, -1f)).Run()[0];
        Assert.Equal(new Shape(3), w.Shape);
        Assert.Equal([-1f, -1, -1], w.ToArray<float>());
        var dot = new NodeCase("MatMul").Input(Tensor.Vector(1f, 2f)).Input(Tensor.Vector(3f, 4f)).Run()[0];
        Assert.Equal(Shape.Scalar, dot.Shape);
        Assert.Equal([11f], dot.ToArray<float>());
    }

    [Fact]
    public void MatMulBroadcastsBatchAxes()
    {
        var rng = new Random(7);
        var a = Random(rng, 2, 1, 3, 4);
        var b = Random(rng, 3, 4, 2);
        var y = new NodeCase("MatMul").Input(a).Input(b).Run()[0];
        Assert.Equal(new Shape(2, 3, 3, 2), y.Shape);
        float[] av = a.ToArray<float>(), bv = b.ToArray<float>(), yv = y.ToArray<float>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int r = 0; r < 3; r++)
                    for (int c = 0; c < 2; c++)
                    {
                        double sum = 0;
                        for (int k = 0; k < 4; k++) sum += av[(i * 3 + r) * 4 + k] * bv[(j * 4 + k) * 2 + c];
                        Assert.Equal(sum, yv[((i * 3 + j) * 3 + r) * 2 + c], 5);
                    }
    }
}
