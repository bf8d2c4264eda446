using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite FULLY_CONNECTED to <see cref="GemmReference"/>: y[b, o] = act(Σ_i x[b, i]·W[o, i] + bias[o])
/// with the input seen as [batch, in] and the [out, in] weights read transposed in place.
/// </summary>
internal sealed class TfliteFullyConnectedFloatKernel : IKernel
{
    private readonly int _batch, _units, _depth;
    private readonly FusedActivation _activation;

    public TfliteFullyConnectedFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        _activation = NeuralNetBinding.ReadActivation(context);
        var w = context.InputShape(1);
        (_units, _depth) = (w[0], w[1]);
        _batch = _depth == 0 ? 0 : checked((int)(context.InputShape(0).ElementCount / _depth));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var bias = inputs.Length > 2 && inputs[2] is { } b ? b.AsSpan<float>() : default;
        // The bias is C with a row stride of 0: the same vector for every batch row.
        GemmReference.Gemm(_batch, _units, _depth, 1f, inputs[0]!.AsSpan<float>(), MatrixLayout.RowMajor(_depth),
            inputs[1]!.AsSpan<float>(), MatrixLayout.TransposedRowMajor(_depth), 1f, bias, new MatrixLayout(0, 0, 1),
            outputs[0].AsSpan<float>(), MatrixLayout.RowMajor(_units), _activation);
    }
}
