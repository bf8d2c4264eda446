using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>X [N, C, …] seen as [N, C, inner], the view of the ONNX per-channel normalizations.</summary>
internal readonly record struct ChannelView(int Outer, int Channels, int Inner)
{
    public static ChannelView Of(Shape x) => new(x[0], x[1], NeuralNetBinding.InnerSize(x, 2));
}

/// <summary>Binds ONNX BatchNormalization (inference form) to <see cref="NormalizationReference.BatchNormalization"/>.
/// Scale, bias, mean and variance are read at run time: node tests feed them as graph inputs.</summary>
internal sealed class OnnxBatchNormalizationFloatKernel : IKernel
{
    private readonly ChannelView _view;
    private readonly float _epsilon;

    public OnnxBatchNormalizationFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2, 3, 4);
        _view = ChannelView.Of(context.InputShape(0));
        _epsilon = context.Attributes.GetFloat("epsilon", 1e-5f);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        NormalizationReference.BatchNormalization(inputs[0]!.AsSpan<float>(), inputs[1]!.AsSpan<float>(), inputs[2]!.AsSpan<float>(),
            inputs[3]!.AsSpan<float>(), inputs[4]!.AsSpan<float>(), _epsilon, outputs[0].AsSpan<float>(), _view.Outer, _view.Channels, _view.Inner);
}

/// <summary>Binds ONNX InstanceNormalization to <see cref="NormalizationReference.InstanceNormalization"/>.</summary>
internal sealed class OnnxInstanceNormalizationFloatKernel : IKernel
{
    private readonly ChannelView _view;
    private readonly float _epsilon;

    public OnnxInstanceNormalizationFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0, 1, 2);
        _view = ChannelView.Of(context.InputShape(0));
        _epsilon = context.Attributes.GetFloat("epsilon", 1e-5f);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        NormalizationReference.InstanceNormalization(inputs[0]!.AsSpan<float>(), inputs[1]!.AsSpan<float>(), inputs[2]!.AsSpan<float>(),
            _epsilon, outputs[0].AsSpan<float>(), _view.Outer, _view.Channels, _view.Inner);
}

/// <summary>Binds ONNX LRN (size, alpha = 1e-4, beta = 0.75, bias = 1) to <see cref="NormalizationReference.LocalResponseNormalization"/>.</summary>
internal sealed class OnnxLrnFloatKernel : IKernel
{
    private readonly ChannelView _view;
    private readonly int _size;
    private readonly float _alpha, _beta, _bias;

    public OnnxLrnFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        _view = ChannelView.Of(context.InputShape(0));
        long size = context.Attributes.GetInt("size");
        if (size < 1 || size > int.MaxValue) throw context.Invalid($"size {size} must be positive");
        _size = (int)size;
        _alpha = context.Attributes.GetFloat("alpha", 1e-4f);
        _beta = context.Attributes.GetFloat("beta", 0.75f);
        _bias = context.Attributes.GetFloat("bias", 1f);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        NormalizationReference.LocalResponseNormalization(inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>(),
            _view.Outer, _view.Channels, _view.Inner, _size, _alpha, _beta, _bias);
}
