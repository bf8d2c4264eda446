using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds a float binary element-wise op with broadcasting to its reference kernel:
/// the broadcast offsets are computed once at bind time, so a run only streams.</summary>
internal sealed class BinaryFloatKernel<TOp> : IKernel where TOp : IBinaryOperator<float>
{
    private readonly long[] _offsetsA;
    private readonly long[] _offsetsB;

    public BinaryFloatKernel(KernelContext context)
    {
        var y = context.OutputShape(0);
        var indexer = new BroadcastIndexer(y.Dims, context.InputShape(0).ToArray(), context.InputShape(1).ToArray());
        _offsetsA = new long[y.ElementCount];
        _offsetsB = new long[y.ElementCount];
        indexer.Fill([_offsetsA, _offsetsB]);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ElementwiseReference.Binary<float, TOp>(inputs[0]!.AsSpan<float>(), _offsetsA, inputs[1]!.AsSpan<float>(), _offsetsB, outputs[0].AsSpan<float>());
}

/// <summary>Binds a float unary element-wise op to its reference kernel.</summary>
internal sealed class UnaryFloatKernel<TOp> : IKernel where TOp : IUnaryOperator<float>
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ElementwiseReference.Unary<float, TOp>(inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>());
}
