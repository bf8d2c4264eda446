using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds ONNX Gemm (alpha, beta, transA, transB, C broadcast to [M, N]) to <see cref="GemmReference"/>.</summary>
internal sealed class OnnxGemmFloatKernel : IKernel
{
    private readonly int _m, _n, _k;
    private readonly float _alpha, _beta;
    private readonly MatrixLayout _a, _b, _c, _y;
    private readonly bool _hasC;

    public OnnxGemmFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        var a = context.InputShape(0);
        var b = context.InputShape(1);
        bool transA = context.Attributes.GetInt("transA", 0) != 0;
        bool transB = context.Attributes.GetInt("transB", 0) != 0;
        (_m, _k) = transA ? (a[1], a[0]) : (a[0], a[1]);
        _n = transB ? b[0] : b[1];
        _a = transA ? MatrixLayout.TransposedRowMajor(a[1]) : MatrixLayout.RowMajor(a[1]);
        _b = transB ? MatrixLayout.TransposedRowMajor(b[1]) : MatrixLayout.RowMajor(b[1]);
        _y = MatrixLayout.RowMajor(_n);
        _alpha = context.Attributes.GetFloat("alpha", 1f);
        _beta = context.Attributes.GetFloat("beta", 1f);
        _hasC = context.HasInput(2);
        if (_hasC) _c = BroadcastLayout(context.InputShape(2));
    }

    /// <summary>C of rank 0 to 2, right-aligned against [M, N]; a size-1 axis repeats (stride 0).</summary>
    private static MatrixLayout BroadcastLayout(Shape c)
    {
        int rows = c.Rank == 2 ? c[0] : 1;
        int cols = c.Rank >= 1 ? c[-1] : 1;
        return new MatrixLayout(0, rows == 1 ? 0 : cols, cols == 1 ? 0 : 1);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        GemmReference.Gemm(_m, _n, _k, _alpha, inputs[0]!.AsSpan<float>(), _a, inputs[1]!.AsSpan<float>(), _b,
            _beta, _hasC ? inputs[2]!.AsSpan<float>() : default, _c, outputs[0].AsSpan<float>(), _y);
}

/// <summary>
/// Binds ONNX MatMul (numpy semantics: 1-D operands, broadcast batch axes) to
/// <see cref="GemmReference"/>: one product per batch entry, with the operands' matrix offsets
/// precomputed by <see cref="BroadcastIndexer"/>.
/// </summary>
internal sealed class OnnxMatMulFloatKernel : IKernel
{
    private readonly int _m, _n, _k;
    private readonly int[] _offsetsA, _offsetsB;

    public OnnxMatMulFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1);
        var a = context.InputShape(0).ToArray();
        var b = context.InputShape(1).ToArray();
        // numpy: a 1-D A is a row [1, K], a 1-D B a column [K, 1].
        if (a.Length == 1) a = [1, a[0]];
        if (b.Length == 1) b = [b[0], 1];
        (_m, _k, _n) = (a[^2], a[^1], b[^1]);
        var batchA = a[..^2];
        var batchB = b[..^2];
        var batch = Broadcasting.Broadcast(new Shape(batchA), new Shape(batchB))!;
        long count = Math.Max(batch.ElementCount, 0);
        var offsets = new[] { new long[count], new long[count] };
        new BroadcastIndexer(batch.Dims, batchA, batchB).Fill(offsets);
        _offsetsA = Array.ConvertAll(offsets[0], o => checked((int)(o * _m * _k)));
        _offsetsB = Array.ConvertAll(offsets[1], o => checked((int)(o * _k * _n)));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var a = inputs[0]!.AsSpan<float>();
        var b = inputs[1]!.AsSpan<float>();
        var y = outputs[0].AsSpan<float>();
        for (int i = 0; i < _offsetsA.Length; i++)
        {
            GemmReference.Gemm(_m, _n, _k, 1f, a, MatrixLayout.RowMajor(_k, _offsetsA[i]), b, MatrixLayout.RowMajor(_n, _offsetsB[i]),
                0f, default, default, y, MatrixLayout.RowMajor(_n, i * _m * _n));
        }
    }
}
