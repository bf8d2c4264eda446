namespace Quanta.Core;

/// <summary>
/// Folds a float spatial PAD into the window op that reads it (a runtime pass: the result uses
/// Quanta's <c>padding = "EXPLICIT"</c> extension, which TFLite files cannot hold; see
/// docs/decisions/0004-nhwc-lowering.md). Zero padding before a VALID CONV_2D or
/// DEPTHWISE_CONV_2D, and −∞ padding (PADV2) before a VALID MAX_POOL_2D, are what EXPLICIT's
/// skipped taps compute, so the op reads the unpadded input and no padded copy is made.
/// </summary>
/// <remarks>
/// PAD/PADV2 (TFLite, paddings [4, 2]) and ONNX Pad (constant mode, pads [8]) on an NHWC value
/// qualify when they pad only H and W, their output has one reader and is not a graph output.
/// AVERAGE_POOL_2D is left alone: a PAD's zeros count in its divisor, EXPLICIT's would not.
/// </remarks>
public static class PadFusion
{
    /// <summary>Fuses in place; returns the number of pads folded.</summary>
    /// <exception cref="GraphValidationException">The graph is malformed after the pass.</exception>
    public static int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int fused = 0;
        var consumers = graph.BuildConsumerMap();
        foreach (var window in graph.Nodes.ToList())
        {
            if (window.Domain != OpDomains.Tflite || window.Inputs.Count == 0 || window.Inputs[0] is not { Producer: { } pad } padded) continue;
            bool isConv = window.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D";
            if (!isConv && window.OpType != "MAX_POOL_2D") continue;
            if (window.Attributes.GetString("padding", "SAME") != "VALID" || padded.Type != DataType.Float32 || padded.Quant is not null) continue;
            if (!GraphEdits.HasSingleUse(graph, padded, consumers) || SpatialPads(pad) is not var (pads, value) || pad.Inputs[0] is not { } x) continue;
            if (isConv ? value != 0f : !float.IsNegativeInfinity(value)) continue;

            window.Inputs[0] = x;
            window.Attributes.Set("padding", "EXPLICIT");
            window.Attributes.Set(TfliteWindowOptions.ExplicitPaddingAttribute, pads);
            graph.RemoveNode(pad);
            graph.RemoveValue(padded);
            consumers = graph.BuildConsumerMap();
            fused++;
        }
        graph.RemoveDeadCode();
        GraphVerifier.Verify(graph);
        return fused;
    }

    /// <summary>[top, bottom, left, right] and the pad value of a 4-D pad that leaves N and C alone, or null.</summary>
    private static (long[] Pads, float Value)? SpatialPads(Node pad)
    {
        long[] b, e;
        int valueInput;
        if (pad.Domain == OpDomains.Tflite && pad.OpType is "PAD" or "PADV2")
        {
            if (pad.InputOrNull(1) is not { Constant: { ElementCount: 8 } p }) return null;
            var v = p.ToInt64Array();
            (b, e) = ([v[0], v[2], v[4], v[6]], [v[1], v[3], v[5], v[7]]);
            valueInput = pad.OpType == "PADV2" ? 2 : -1;
        }
        else if (pad.Domain.Length == 0 && pad.OpType == "Pad" && pad.Attributes.GetString("mode", "constant") == "constant" && pad.InputOrNull(3) is null)
        {
            if (pad.InputOrNull(1) is not { Constant: { ElementCount: 8 } p }) return null;
            var v = p.ToInt64Array();
            (b, e) = (v[..4], v[4..]);
            valueInput = 2;
        }
        else
        {
            return null;
        }
        if (b[0] != 0 || e[0] != 0 || b[3] != 0 || e[3] != 0 || b.Any(x => x < 0) || e.Any(x => x < 0)) return null;
        float value = 0f;
        if (valueInput >= 0 && pad.InputOrNull(valueInput) is { } valueInputValue)
        {
            if (valueInputValue.Constant is not { Type: DataType.Float32, ElementCount: 1 } c) return null;
            value = c.AsSpan<float>()[0];
        }
        return ([b[1], e[1], b[2], e[2]], value);
    }
}
