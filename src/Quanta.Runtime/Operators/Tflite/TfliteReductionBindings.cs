using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds TFLite float reductions, ARG_MAX/ARG_MIN and the softmax ops to their kernels.</summary>
internal static class TfliteReductionBindings
{
    /// <summary>MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN over the axes in input 1 (none: a copy).</summary>
    public static IKernel Reduce<TOp>(KernelContext c) where TOp : IReducer
    {
        var axes = TensorArgs.Ints(c.Node, c.InputData(1), "axis") ?? throw c.Invalid("axis must be known when the plan is compiled");
        var reduced = ReduceRule.Reduced(c.Node, c.InputShape(0).Rank, axes, noopWithEmptyAxes: true);
        return reduced is null ? new CopyKernel() : new ReduceKernel<TOp>(c.InputShape(0), reduced);
    }

    /// <summary>ARG_MAX / ARG_MIN along the axis in input 1 (ties: first index).</summary>
    public static KernelFactory ArgMinMax(bool max) => c =>
    {
        var x = c.InputShape(0);
        long axis = TensorArgs.Int(c.Node, c.InputData(1), "axis") ?? throw c.Invalid("axis must be known when the plan is compiled");
        return new ArgMinMaxKernel(x, TensorArgs.Axis(c.Node, axis, x.Rank), max, selectLastIndex: false);
    };

    /// <summary>SOFTMAX (with beta) along the last axis.</summary>
    public static IKernel Softmax(KernelContext c)
    {
        var x = c.InputShape(0);
        return new SoftmaxKernel(x, x.Rank - 1, SoftmaxKind.Softmax, c.Attributes.GetFloat("beta", 1f));
    }

    /// <summary>LOG_SOFTMAX along the last axis.</summary>
    public static IKernel LogSoftmax(KernelContext c)
    {
        var x = c.InputShape(0);
        return new SoftmaxKernel(x, x.Rank - 1, SoftmaxKind.LogSoftmax);
    }
}
