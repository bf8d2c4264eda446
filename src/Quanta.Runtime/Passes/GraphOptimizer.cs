using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// The session's rewrite pipeline, run once at session creation on a copy of the model's graph
/// (the user's model is never edited): folding of constant weights stored quantized or in half
/// precision, NHWC lowering of int8 ONNX quantized ops (when the optimized int8 kernels serve the
/// session) and of float ops, with transpose cancelling, then the runtime's
/// fusions (PAD into windows, activations into their producers, residual ADDs into float
/// convolutions). Every pass verifies the graph.
/// </summary>
internal static class GraphOptimizer
{
    /// <summary>An optimized copy of <paramref name="graph"/>, or the graph itself when
    /// <see cref="SessionOptions.OptimizeGraph"/> is off.</summary>
    public static Graph Optimize(Graph graph, long opset, SessionOptions options)
    {
        if (!options.OptimizeGraph) return graph;
        var copy = graph.Clone();
        // Weights stored behind a DequantizeLinear (dynamic-range models, QDQ groups the fusion
        // left) or a Cast from float16 are read by float ops: fold them to float32 constants here,
        // as the plan compiler would, so that the lowering sees constant weights.
        new ConstantFolding(new KernelNodeEvaluator(opset), keep: _ => false).Run(copy);
        if (FastInt8Kernels(options)) NhwcQuantizedLowering.Run(copy, opset);
        NhwcLowering.Run(copy, opset);
        PadFusion.Run(copy);
        FloatActivationFusion.Run(copy);
        if (FastFloatConv(options)) ResidualAddFusion.Run(copy);
        GraphShapeInference.Run(copy, opset, []);
        return copy;
    }

    /// <summary>True when the session binds float CONV_2D to an optimized kernel, the only kind that
    /// adds the residual input <see cref="ResidualAddFusion"/> gives it.</summary>
    private static bool FastFloatConv(SessionOptions options)
    {
        var isa = (Isa)Math.Min((int)options.MaxIsa, (int)CpuFeatures.Best);
        return isa > Isa.Reference && options.Kernels.Find(OpDomains.Tflite, "CONV_2D", DataType.Float32, isa) is { Isa: > Isa.Reference };
    }

    /// <summary>True when the session binds int8 CONV_2D to an optimized kernel, the only kind that runs
    /// the float output stage <see cref="NhwcQuantizedLowering"/> gives ONNX's quantized ops.</summary>
    private static bool FastInt8Kernels(SessionOptions options)
    {
        var isa = (Isa)Math.Min((int)options.MaxIsa, (int)CpuFeatures.Best);
        return isa > Isa.Reference && options.Kernels.Find(OpDomains.Tflite, "CONV_2D", DataType.Int8, isa) is { Isa: > Isa.Reference };
    }
}
