namespace Quanta.Core;

/// <summary>
/// Fuses ReLU-family activations into the op that produces their input, where that is exact.
/// </summary>
/// <remarks>
/// Two rules:
/// <list type="bullet">
/// <item>TFLite ops with a <c>fused_activation_function</c> option (CONV_2D, FULLY_CONNECTED,
/// ADD, …) absorb a following RELU, RELU6 or RELU_N1_TO_1 when the activation is the only reader
/// of their output and both sides are float or carry identical quantization parameters.</item>
/// <item>In ONNX QDQ graphs, a Relu or Clip whose only reader is a per-tensor QuantizeLinear is
/// removed when that QuantizeLinear already saturates exactly where the activation clamps:
/// <c>Q(min) = qmin</c> and <c>Q(max) = qmax</c>. Q is monotone, so then
/// <c>Q(clip(x)) = Q(x)</c> for every x, and the quantized op computes the activation in its
/// output clamp (what ONNX Runtime and TFLite do for fused activations).</item>
/// </list>
/// </remarks>
public sealed class ActivationFusion : IGraphPass
{
    private static readonly HashSet<string> s_tfliteFusable = new(StringComparer.Ordinal)
    {
        "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "SUB", "MUL", "DIV",
        "AVERAGE_POOL_2D", "MAX_POOL_2D", "CONCATENATION",
    };

    /// <inheritdoc/>
    public string Name => "activation-fusion";

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int fused = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            bool done = (node.Domain, node.OpType) switch
            {
                (OpDomains.Tflite, "RELU" or "RELU6" or "RELU_N1_TO_1") => FuseIntoTfliteProducer(graph, node),
                ("", "Relu" or "Clip") => RemoveBeforeSaturatingQuantize(graph, node),
                _ => false,
            };
            if (done) fused++;
        }
        return fused;
    }

    private static bool FuseIntoTfliteProducer(Graph graph, Node activation)
    {
        if (activation.InputOrNull(0) is not { Producer: { } producer } x) return false;
        if (producer.Domain != OpDomains.Tflite || !s_tfliteFusable.Contains(producer.OpType)) return false;
        if (producer.Attributes.GetString("fused_activation_function", "NONE") != "NONE") return false;
        if (producer.Outputs.Count != 1 || !GraphEdits.HasSingleReader(graph, x, out _)) return false;
        var y = activation.Outputs[0];
        if (x.Type != y.Type || !Equals(x.Quant, y.Quant)) return false;
        if (x.Type.IsInteger() && x.Quant is null) return false;

        producer.Attributes.Set("fused_activation_function", activation.OpType);
        graph.RemoveNode(activation);
        GraphEdits.Redirect(graph, producer, 0, y);
        return true;
    }

    private static bool RemoveBeforeSaturatingQuantize(Graph graph, Node activation)
    {
        if (activation.InputOrNull(0) is not { } x) return false;
        var y = activation.Outputs[0];
        if (!GraphEdits.HasSingleReader(graph, y, out var q) || q is not { Domain: "", OpType: "QuantizeLinear" }) return false;
        if (q.Inputs[0] != y) return false;
        if (GraphEdits.ConstantInput(q, 1) is not { ElementCount: 1 } scaleTensor) return false;
        var zpTensor = GraphEdits.ConstantInput(q, 2);
        if (zpTensor is { ElementCount: not 1 }) return false;
        var qType = zpTensor?.Type ?? DataType.UInt8;
        if (!qType.IsInteger()) return false;

        if (!ClampRange(activation, out float min, out float max)) return false;
        float scale = (float)scaleTensor.GetDouble(0);
        long zp = zpTensor is null ? 0 : zpTensor.GetInt64(0);
        var (qmin, qmax) = qType.IntegerRange();
        if (Quantize(min, scale, zp, qmin, qmax) != qmin) return false;
        if (!float.IsPositiveInfinity(max) && Quantize(max, scale, zp, qmin, qmax) != qmax) return false;

        graph.RemoveNode(activation);
        graph.ReplaceAllUses(y, x);
        graph.RemoveValue(y);
        return true;
    }

    private static bool ClampRange(Node activation, out float min, out float max)
    {
        min = float.NegativeInfinity;
        max = float.PositiveInfinity;
        if (activation.OpType == "Relu")
        {
            min = 0f;
            return true;
        }
        for (int i = 1; i <= 2; i++)
        {
            var bound = activation.InputOrNull(i);
            if (bound is null) continue;
            if (bound.Constant is not { ElementCount: 1 } t) return false;
            if (i == 1) min = (float)t.GetDouble(0);
            else max = (float)t.GetDouble(0);
        }
        return !float.IsNegativeInfinity(min);
    }

    /// <summary>ONNX QuantizeLinear of one value: x/scale in float, rounded half to even, plus the
    /// zero point, saturated.</summary>
    private static long Quantize(float x, float scale, long zeroPoint, long qmin, long qmax) =>
        Math.Clamp((long)MathF.Round(x / scale, MidpointRounding.ToEven) + zeroPoint, qmin, qmax);
}
