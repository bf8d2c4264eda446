namespace Quanta.Quantization;

/// <summary>The op quantizers, by ONNX op type: an explicit table (no reflection scan).</summary>
public static class OpQuantizerRegistry
{
    private static readonly Dictionary<string, IOpQuantizer> s_quantizers = Build();

    /// <summary>Op types that carry weights: the only ones the weight-only modes touch.</summary>
    public static IReadOnlySet<string> WeightedOps { get; } = new HashSet<string>(StringComparer.Ordinal) { "Conv", "ConvTranspose", "Gemm", "MatMul" };

    /// <summary>Op types whose output may absorb a following Relu or Clip (the activation is then
    /// applied by the quantized output's clamp, as TFLite's fused activations and ONNX Runtime's
    /// QDQ fusions do).</summary>
    public static IReadOnlySet<string> ActivationProducers { get; } = new HashSet<string>(StringComparer.Ordinal) { "Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul" };

    /// <summary>The quantizer of an ONNX op type, or null when Quanta cannot quantize it.</summary>
    public static IOpQuantizer? Find(string opType) => s_quantizers.GetValueOrDefault(opType);

    /// <summary>Every op type with a quantizer.</summary>
    public static IEnumerable<string> OpTypes => s_quantizers.Keys;

    private static Dictionary<string, IOpQuantizer> Build()
    {
        var conv = new ConvQuantizer();
        var multi = new MultiInputQuantizer();
        var move = new DataMovementQuantizer();
        var observed = new ObservedOutputQuantizer();
        var fixedOutput = new FixedOutputQuantizer();
        return new(StringComparer.Ordinal)
        {
            ["Conv"] = conv,
            ["ConvTranspose"] = conv,
            ["Gemm"] = new GemmQuantizer(),
            ["MatMul"] = new MatMulQuantizer(),
            ["Add"] = multi,
            ["Sub"] = multi,
            ["Mul"] = multi,
            ["Concat"] = multi,
            ["Flatten"] = move,
            ["Reshape"] = move,
            ["Transpose"] = move,
            ["Squeeze"] = move,
            ["Unsqueeze"] = move,
            ["Identity"] = move,
            ["MaxPool"] = move,
            ["AveragePool"] = move,
            ["Slice"] = move,
            ["Pad"] = move,
            ["DepthToSpace"] = move,
            ["SpaceToDepth"] = move,
            ["Resize"] = move,
            ["Relu"] = observed,
            ["Clip"] = observed,
            ["LeakyRelu"] = observed,
            ["HardSwish"] = observed,
            ["HardSigmoid"] = observed,
            ["GlobalAveragePool"] = observed,
            ["ReduceMean"] = observed,
            ["Softmax"] = fixedOutput,
            ["Sigmoid"] = fixedOutput,
            ["Tanh"] = fixedOutput,
        };
    }
}
