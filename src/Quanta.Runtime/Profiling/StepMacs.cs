using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Multiply-accumulates of a plan step, from its concrete shapes: what a profile divides by time
/// to report achieved GMAC/s. Counts the ops whose cost is a reduction (convolution, depthwise,
/// fully-connected, Gemm, MatMul and their quantized forms); every other op counts zero.
/// </summary>
/// <remarks>
/// One MAC is one product accumulated into one output: a convolution output element costs
/// <c>kernel height · kernel width · input channels per group</c>, a matrix product output K.
/// Padding taps count as MACs (kernels compute them or skip them, the work is the layer's).
/// </remarks>
public static class StepMacs
{
    /// <summary>The MACs of <paramref name="step"/>, or 0 when the op is not a reduction or its
    /// shapes are not what the op requires.</summary>
    public static long Of(PlanStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Outputs.Length == 0) return 0;
        long outputs = step.Outputs[0].ElementCount;
        var node = step.Node;
        string op = node.Domain == OpDomains.Microsoft ? "com.microsoft:" + node.OpType : node.OpType;
        return op switch
        {
            // Weights [M, C/group, kh, kw] (ONNX) or [O, kh, kw, I] (TFLite): everything past the
            // output-channel axis is one output element's reduction.
            "Conv" or "CONV_2D" => outputs * PerOutputChannel(Input(step, 1), axis: 0),
            "QLinearConv" => outputs * PerOutputChannel(Input(step, 3), axis: 0),
            // TFLite depthwise weights [1, kh, kw, C·multiplier]: kh·kw per output element.
            "DEPTHWISE_CONV_2D" => outputs * PerOutputChannel(Input(step, 1), axis: -1),
            "FULLY_CONNECTED" => outputs * Dim(Input(step, 1), -1),
            "Gemm" or "com.microsoft:QGemm" => outputs * Dim(Input(step, 0), TransposeFlag(node, "transA") ? 0 : 1),
            "MatMul" or "QLinearMatMul" or "MatMulInteger" => outputs * Dim(Input(step, 0), -1),
            "BATCH_MATMUL" => outputs * Dim(Input(step, 0), TransposeFlag(node, "adj_x") ? -2 : -1),
            _ => 0,
        };
    }

    private static Shape? Input(PlanStep step, int index) => index < step.Inputs.Length ? step.Inputs[index]?.Shape : null;

    private static long PerOutputChannel(Shape? weights, int axis)
    {
        if (weights is null || weights.Rank < 2) return 0;
        int channels = weights[axis];
        return channels > 0 ? weights.ElementCount / channels : 0;
    }

    private static long Dim(Shape? shape, int axis)
    {
        if (shape is null || shape.Rank == 0) return 0;
        if (shape.Rank == 1) return shape[0];
        int a = axis < 0 ? axis + shape.Rank : axis;
        return a >= 0 && a < shape.Rank ? Math.Max(shape[a], 0) : 0;
    }

    private static bool TransposeFlag(Node node, string name) =>
        node.Attributes.Find(name) is { Value: long v } && v != 0;
}
