using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds ONNX reductions, ArgMax/ArgMin and the softmax family to their float kernels.</summary>
internal static class ReductionBindings
{
    /// <summary>A Reduce* op with reducer <typeparamref name="TOp"/>; the identity with
    /// noop_with_empty_axes and no axes.</summary>
    public static IKernel Reduce<TOp>(KernelContext c) where TOp : IReducer
    {
        var x = c.InputShape(0);
        var reduced = ReduceSchema.Reduced(c.Node, x.Rank, c.HasInput(1) ? c.Input(1) : null, out bool known);
        if (!known) throw c.Invalid("axes must be known when the plan is compiled");
        return reduced is null ? new CopyKernel() : new ReduceKernel<TOp>(x, reduced);
    }

    /// <summary>ReduceLogSumExp.</summary>
    public static IKernel LogSumExp(KernelContext c)
    {
        var x = c.InputShape(0);
        var reduced = ReduceSchema.Reduced(c.Node, x.Rank, c.HasInput(1) ? c.Input(1) : null, out bool known);
        if (!known) throw c.Invalid("axes must be known when the plan is compiled");
        return reduced is null ? new CopyKernel() : new LogSumExpKernel(x, reduced);
    }

    /// <summary>ArgMax or ArgMin along the axis attribute.</summary>
    public static KernelFactory ArgMinMax(bool max) => c =>
    {
        var x = c.InputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", 0), x.Rank);
        return new ArgMinMaxKernel(x, axis, max, c.Attributes.GetInt("select_last_index", 0) != 0);
    };

    /// <summary>Softmax, LogSoftmax or Hardmax along the axis attribute (default −1).</summary>
    public static KernelFactory Softmax(SoftmaxKind kind) => c =>
    {
        var x = c.InputShape(0);
        return new SoftmaxKernel(x, TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", -1), x.Rank), kind);
    };

    /// <summary>TopK along the axis attribute; K (input 1) is known when the plan is compiled.</summary>
    public static IKernel TopK(KernelContext c)
    {
        var x = c.InputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", -1), x.Rank);
        int k = c.OutputShape(0)[axis];
        int outer = (int)TensorArgs.Product(x, 0, axis), inner = (int)TensorArgs.Product(x, axis + 1, x.Rank);
        bool largest = c.Attributes.GetInt("largest", 1) != 0;
        return c.Input(0).Type switch
        {
            DataType.Float32 => new TopKKernel<float>(new TopKReference<float>(outer, x[axis], inner, k, largest)),
            DataType.Int32 => new TopKKernel<int>(new TopKReference<int>(outer, x[axis], inner, k, largest)),
            _ => new TopKKernel<long>(new TopKReference<long>(outer, x[axis], inner, k, largest)),
        };
    }
}
