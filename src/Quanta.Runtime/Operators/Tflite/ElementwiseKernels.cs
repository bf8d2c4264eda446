using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Bindings of TFLite's float element-wise ops that differ from ONNX's: fused activations
/// and SELECT's slice-picking vector condition.</summary>
internal static class TfliteElementwiseBindings
{
    /// <summary>
    /// ADD, SUB, MUL, DIV: the op, then the clamp of <c>fused_activation_function</c> (TFLite's
    /// ActivationFunctionWithMinMax), planned once. TFLite's float kernels honour only clamping
    /// activations, so TANH and SIGN_BIT are rejected rather than silently ignored.
    /// </summary>
    public static IKernel FusedBinary<TOp>(KernelContext context) where TOp : struct, IBinaryOperator<float, float, float>
    {
        ArgumentNullException.ThrowIfNull(context);
        string name = context.Attributes.GetString("fused_activation_function", "NONE");
        FusedActivation activation;
        (float Min, float Max) range;
        try
        {
            activation = FusedActivations.Parse(name);
            range = activation.FloatRange();
        }
        catch (ArgumentException)
        {
            throw context.Unsupported($"fused_activation_function {name} is not supported on float {context.Node.OpType}");
        }
        if (activation == FusedActivation.None) return new BinaryKernel<float, float, float, TOp>(context, default);
        return new BinaryKernel<float, float, float, ClampedOperator<TOp>>(context, new ClampedOperator<TOp>(default, range.Min, range.Max));
    }

    /// <summary>
    /// SELECT (version 1): a vector condition over the first axis of higher-rank inputs picks whole
    /// slices, which is broadcasting once the condition is seen as [N, 1, …, 1].
    /// </summary>
    public static IKernel Select(KernelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var c = context.InputShape(0);
        var x = context.InputShape(1);
        if (c.Rank == 1 && x.Rank > 1)
        {
            var dims = Enumerable.Repeat(1, x.Rank).ToArray();
            dims[0] = c[0];
            return new SelectKernel(context, new Shape(dims));
        }
        return new SelectKernel(context);
    }
}
