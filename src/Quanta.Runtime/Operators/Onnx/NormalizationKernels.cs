using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds ONNX BatchNormalization (inference), InstanceNormalization and LRN to
/// <see cref="NormalizationReference"/>, seeing X [N, C, …] as [N, C, inner]. The per-channel
/// inputs are read at run time (node tests feed them as graph inputs).
/// </summary>
internal sealed class OnnxNormalizationFloatKernel : IKernel
{
    private readonly string _op;
    private readonly int _outer, _channels, _inner, _size;
    private readonly float _epsilon, _alpha, _beta, _bias;

    public OnnxNormalizationFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2, 3, 4);
        _op = context.Node.OpType;
        var x = context.InputShape(0);
        (_outer, _channels, _inner) = (x[0], x[1], NeuralNetBinding.InnerSize(x, 2));
        _epsilon = context.Attributes.GetFloat("epsilon", 1e-5f);
        if (_op == "LRN")
        {
            _size = checked((int)context.Attributes.GetInt("size"));
            _alpha = context.Attributes.GetFloat("alpha", 1e-4f);
            _beta = context.Attributes.GetFloat("beta", 0.75f);
            _bias = context.Attributes.GetFloat("bias", 1f);
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!.AsSpan<float>();
        var y = outputs[0].AsSpan<float>();
        switch (_op)
        {
            case "BatchNormalization":
                NormalizationReference.BatchNormalization(x, inputs[1]!.AsSpan<float>(), inputs[2]!.AsSpan<float>(),
                    inputs[3]!.AsSpan<float>(), inputs[4]!.AsSpan<float>(), _epsilon, y, _outer, _channels, _inner);
                break;
            case "InstanceNormalization":
                NormalizationReference.InstanceNormalization(x, inputs[1]!.AsSpan<float>(), inputs[2]!.AsSpan<float>(),
                    _epsilon, y, _outer, _channels, _inner);
                break;
            default:
                NormalizationReference.LocalResponseNormalization(x, y, _outer, _channels, _inner, _size, _alpha, _beta, _bias);
                break;
        }
    }
}
