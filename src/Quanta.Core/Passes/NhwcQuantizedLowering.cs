namespace Quanta.Core;

/// <summary>
/// Lowers int8 ONNX quantized ops (QLinearConv, QGemm, QLinearMatMul, MaxPool on codes,
/// QLinear(Global)AveragePool, QLinearAdd; what <c>QdqFusion</c> makes of a QDQ model, or a
/// QOperator model) onto NHWC, so that chains of them run on the int8 TFLite-domain kernels with
/// transposes only at the model's borders (docs/decisions/0008):
/// <list type="bullet">
/// <item>QLinearConv → CONV_2D (groups kept) or DEPTHWISE_CONV_2D; QGemm and QLinearMatMul with
/// constant weights → FULLY_CONNECTED. These carry <c>quanta_requantization = "fp32"</c>: the output
/// stage is ONNX Runtime's float requantization (<c>M = x_scale · w_scale / y_scale</c> in float,
/// round half to even), not TFLite's fixed point, so the result equals the QLinear op's bit for bit;
/// the <c>quanta_output_min</c>/<c>quanta_output_max</c> clamp is kept.</item>
/// <item>MaxPool on int8 codes → MAX_POOL_2D.</item>
/// <item>Explicit ONNX pads that SAME/VALID cannot express become Quanta's <c>padding = "EXPLICIT"</c>
/// (runtime-only, like the output stage), so that no padded copy of the input is made.</item>
/// <item>QLinearAveragePool, QLinearGlobalAveragePool → the same op with <c>channels_last = 1</c>;
/// QLinearAdd of two equally shaped 4-D values and QLinearConcat of 4-D values → the same ops between
/// transposes (Concat along the permuted axis). All keep their ONNX arithmetic.</item>
/// <item>A per-tensor QuantizeLinear feeding only lowered ops, and a DequantizeLinear of a lowered op's
/// output, move inside the transposes, so that the transposes left at the model's borders are float.</item>
/// </list>
/// Quantization parameters move from the ops' operands onto the values (<see cref="QuantParamsAnnotation"/>).
/// An op is lowered only when its activation parameters are constant, per tensor and equal to its
/// neighbours', its weights are constant int8 with zero points 0 and its bias constant int32;
/// anything else (uint8 activations, dynamic parameters) stays as it is.
/// </summary>
/// <remarks>
/// The lowered CONV_2D/DEPTHWISE_CONV_2D/FULLY_CONNECTED are a Quanta extension that only the
/// optimized int8 kernels run (the TFLite reference kernels refuse the attribute), so the runtime
/// calls this pass only when those kernels serve the session. The pass edits the graph in place and
/// verifies it afterwards.
/// </remarks>
public static class NhwcQuantizedLowering
{
    /// <summary>The attribute selecting the output stage of a lowered int8 CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED.</summary>
    public const string RequantizationAttribute = "quanta_requantization";

    /// <summary>The value of <see cref="RequantizationAttribute"/> for ONNX's float requantization.</summary>
    public const string Fp32Requantization = "fp32";

    /// <summary>The output clamp attributes of the ONNX quantized ops (codes), kept on the lowered op.</summary>
    public const string OutputMin = "quanta_output_min", OutputMax = "quanta_output_max";

    /// <summary>Lowers <paramref name="graph"/> in place; returns how many ops were lowered.</summary>
    /// <param name="graph">The graph (after QDQ fusion).</param>
    /// <param name="opset">The default-domain opset (for shape inference).</param>
    /// <exception cref="GraphValidationException">The graph is malformed (before or after the pass).</exception>
    public static int Run(Graph graph, long opset)
    {
        ArgumentNullException.ThrowIfNull(graph);
        GraphShapeInference.Run(graph, opset, []);
        QuantParamsAnnotation.Run(graph);
        int lowered = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            bool done = (node.Domain, node.OpType) switch
            {
                ("", "QLinearConv") => NhwcQuantizedWindows.LowerConv(graph, node),
                ("", "MaxPool") => NhwcQuantizedWindows.LowerMaxPool(graph, node),
                (OpDomains.Microsoft, "QLinearAveragePool" or "QLinearGlobalAveragePool") => NhwcQuantizedWindows.ChannelsLast(graph, node),
                (OpDomains.Microsoft, "QLinearAdd") => NhwcQuantizedWindows.WrapAdd(graph, node),
                (OpDomains.Microsoft, "QLinearConcat") => NhwcQuantizedWindows.WrapConcat(graph, node),
                (OpDomains.Microsoft, "QGemm") => QuantizedFullyConnectedLowering.LowerQGemm(graph, node),
                ("", "QLinearMatMul") => QuantizedFullyConnectedLowering.LowerQLinearMatMul(graph, node),
                _ => false,
            };
            if (done) lowered++;
        }
        if (lowered == 0) return 0;
        var consumers = graph.BuildConsumerMap();
        foreach (var node in graph.Nodes.ToList())
        {
            if (node is { Domain: "", OpType: "QuantizeLinear" or "DequantizeLinear" } && NhwcQuantizedWindows.WrapQuantizeOrDequantize(graph, node, consumers))
                consumers = graph.BuildConsumerMap();
        }
        TransposePushing.Run(graph);
        graph.RemoveDeadCode();
        GraphVerifier.Verify(graph);
        GraphShapeInference.Run(graph, opset, []);
        return lowered;
    }

    /// <summary>Copies the output clamp of <paramref name="from"/> and marks the float output stage.</summary>
    internal static void SetFp32Epilogue(Node from, Node to)
    {
        to.Attributes.Set(RequantizationAttribute, Fp32Requantization);
        to.Attributes.Set("fused_activation_function", "NONE");
        if (from.Attributes.Contains(OutputMin)) to.Attributes.Set(OutputMin, from.Attributes.GetInt(OutputMin));
        if (from.Attributes.Contains(OutputMax)) to.Attributes.Set(OutputMax, from.Attributes.GetInt(OutputMax));
    }

    /// <summary>Constant int8 weights whose zero points (input <paramref name="zeroPointIndex"/>) are all 0, with
    /// <paramref name="channels"/> or one constant positive scales (input <paramref name="scaleIndex"/>).</summary>
    internal static float[]? WeightScales(Node node, int scaleIndex, int zeroPointIndex, int channels)
    {
        if (node.InputOrNull(scaleIndex) is not { Constant: { Type: DataType.Float32 } s }) return null;
        if (s.ElementCount != 1 && s.ElementCount != channels) return null;
        if (node.InputOrNull(zeroPointIndex) is { } z && (z.Constant is not { } zt || zt.ToInt64Array().Any(v => v != 0))) return null;
        var scales = s.ToFloatArray();
        return scales.All(v => float.IsFinite(v) && v > 0) ? scales : null;
    }

    /// <summary>An absent bias, or a constant int32 one of <paramref name="channels"/> values (as [channels]).</summary>
    internal static bool Bias(Graph graph, Node node, int index, int channels, out Value? bias)
    {
        bias = node.InputOrNull(index);
        if (bias is null) return true;
        if (bias.Constant is not { Type: DataType.Int32 } b || b.ElementCount != channels) return false;
        if (b.Shape.Rank != 1) bias = GraphEdits.NewConstant(graph, $"{node.Name}/bias", b.Reshape(new Shape(channels)));
        return true;
    }

    /// <summary>A constant int8 weight tensor annotated per tensor or per channel along <paramref name="axis"/>.</summary>
    internal static Value Weights(Graph graph, Node node, Tensor weights, float[] scales, int axis)
    {
        var value = GraphEdits.NewConstant(graph, $"{node.Name}/weights", weights);
        value.Quant = scales.Length == 1 ? new QuantParams(scales[0], 0) : new QuantParams(scales, new int[scales.Length], axis);
        return value;
    }
}
