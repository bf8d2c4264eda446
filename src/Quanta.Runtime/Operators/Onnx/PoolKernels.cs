using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds ONNX MaxPool (with the optional Indices output), AveragePool (count_include_pad), LpPool
/// (p) and their Global variants (a window over the whole spatial extent) to <see cref="PoolingReference"/>.
/// </summary>
internal sealed class OnnxPoolFloatKernel : IKernel
{
    private readonly PoolingGeometry _geometry;

    public OnnxPoolFloatKernel(KernelContext context, bool global)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        var x = context.InputShape(0);
        var y = context.OutputShape(0);
        int spatial = NeuralNetBinding.SpatialRank(context, x);
        string op = context.Node.OpType;
        var taps = new AxisTaps[spatial];
        var attrs = global ? null : OnnxWindowAttributes.Read(context.Node, spatial, null);
        for (int i = 0; i < spatial; i++)
        {
            int size = x[i + 2];
            taps[i] = AxisTaps.Forward(attrs?.Forward(i, size) ?? new WindowAxis(size, 1, size, 1, 1, 0, 0));
        }
        var kind = op switch
        {
            "MaxPool" or "GlobalMaxPool" => PoolKind.Max,
            "LpPool" or "GlobalLpPool" => PoolKind.Lp,
            _ => context.Attributes.GetInt("count_include_pad", 0) != 0 ? PoolKind.AverageIncludingPadding : PoolKind.AverageExcludingPadding,
        };
        // p is an int since opset 2 (a float in LpPool-1); GetFloat accepts both.
        float p = context.Attributes.GetFloat("p", 2f);
        if (kind == PoolKind.Lp && !(p > 0)) throw context.Invalid($"p = {p} must be positive");
        _geometry = new PoolingGeometry(x[0], x[1], AxisTaps.ToThreeAxes(taps),
            ActivationStrides.ChannelsFirst(x.Dims), ActivationStrides.ChannelsFirst(y.Dims), kind, p);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        PoolingReference.Run(_geometry, inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<float>(),
            outputs.Length > 1 ? outputs[1].AsSpan<long>() : default, FusedActivation.None);
}

/// <summary>Binds ONNX MaxPool on uint8 or int8 tensors to <see cref="PoolingReference.Max{T}"/>.</summary>
internal sealed class OnnxMaxPoolIntegerKernel<T> : IKernel where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    private readonly PoolingGeometry _geometry;

    public OnnxMaxPoolIntegerKernel(KernelContext context)
    {
        var x = context.InputShape(0);
        var y = context.OutputShape(0);
        int spatial = NeuralNetBinding.SpatialRank(context, x);
        var attrs = OnnxWindowAttributes.Read(context.Node, spatial, null);
        var taps = new AxisTaps[spatial];
        for (int i = 0; i < spatial; i++) taps[i] = AxisTaps.Forward(attrs.Forward(i, x[i + 2]));
        _geometry = new PoolingGeometry(x[0], x[1], AxisTaps.ToThreeAxes(taps),
            ActivationStrides.ChannelsFirst(x.Dims), ActivationStrides.ChannelsFirst(y.Dims), PoolKind.Max);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        PoolingReference.Max(_geometry, inputs[0]!.AsSpan<T>(), outputs[0].AsSpan<T>(), outputs.Length > 1 ? outputs[1].AsSpan<long>() : default);
}
