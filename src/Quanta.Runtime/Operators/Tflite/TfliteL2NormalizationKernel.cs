using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds TFLite L2_NORMALIZATION (last axis, ε = 1e-6) to <see cref="NormalizationReference.L2Normalization"/>.</summary>
internal sealed class TfliteL2NormalizationFloatKernel : IKernel
{
    private readonly int _outer, _depth;

    public TfliteL2NormalizationFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        // TFLite's kernel accepts no activation here (l2norm.cc checks for NONE).
        if (NeuralNetBinding.ReadActivation(context) != FusedActivation.None)
            throw context.Unsupported("a fused activation on L2_NORMALIZATION is not supported (TFLite requires NONE)");
        var x = context.InputShape(0);
        _depth = x[-1];
        _outer = _depth == 0 ? 0 : checked((int)(x.ElementCount / _depth));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        NormalizationReference.L2Normalization(inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>(), _outer, _depth);
}
