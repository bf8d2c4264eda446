namespace Quanta.Core;

/// <summary>
/// Rewrites of 2-D float ONNX window ops (NCHW) into TFLite ones (NHWC), each wrapped in
/// Transposes: <c>y = Transpose(op'(Transpose(x, ToNhwc)), ToNchw)</c>. The Transposes are left
/// for <see cref="TransposePushing"/> to move and cancel. A node that does not fit (unknown
/// spatial sizes, non-constant weights, a window TFLite cannot express) is left as it is.
/// </summary>
internal static class NhwcWindowLowering
{
    /// <summary>Conv with constant weights: group 1 → CONV_2D (OHWI weights), one group per input
    /// channel → DEPTHWISE_CONV_2D ([1, KH, KW, C·M] weights), other groups → CONV_2D with groups
    /// (OHWI [M, KH, KW, C/g]). Explicit pads TFLite cannot express become a PAD before a VALID conv.</summary>
    public static bool LowerConv(Graph graph, Node conv)
    {
        if (conv.Inputs.Count < 2 || conv.Outputs.Count != 1 || conv.Inputs[0] is not { } x || conv.Inputs[1] is not { Constant: { } w }) return false;
        var bias = conv.InputOrNull(2);
        if (!IsFloat(x) || w.Type != DataType.Float32 || w.Shape.Rank != 4) return false;
        if (bias is not null && (bias.Constant is null || bias.Type != DataType.Float32)) return false;
        if (SpatialAxes(conv, x, [w.Shape[2], w.Shape[3]]) is not var (h, wAxis)) return false;
        long group = conv.Attributes.GetInt("group", 1);
        int outChannels = w.Shape[0], perGroup = w.Shape[1];
        if (group < 1 || outChannels % group != 0 || (x.Shape![1] != Shape.Unknown && x.Shape[1] != perGroup * group)) return false;
        if (TflitePaddingChoice.For(h, wAxis) is not { } padding) return false;

        bool depthwise = group > 1 && perGroup == 1;
        string opType = depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D";
        // ONNX weights [M, C/g, KH, KW]; OHWI is [M, KH, KW, C/g] and depthwise [1, KH, KW, M]
        // (output channel c·mult + m of depthwise is ONNX's group c, member m: the same order).
        var filter = Permutation.Transpose(w, depthwise ? [1, 2, 3, 0] : [0, 2, 3, 1]);
        var filterValue = GraphEdits.NewConstant(graph, $"{conv.Name}/filter_ohwi", filter);
        var lowered = LowerWindow(graph, conv, opType, x, [filterValue, bias], padding, DataType.Float32, 0f);
        var a = lowered.Attributes;
        a.Set("stride_h", h.Stride);
        a.Set("stride_w", wAxis.Stride);
        a.Set("dilation_h_factor", h.Dilation);
        a.Set("dilation_w_factor", wAxis.Dilation);
        a.Set("fused_activation_function", "NONE");
        if (depthwise) a.Set("depth_multiplier", outChannels / group);
        return true;
    }

    /// <summary>MaxPool (one output, dilation 1) → MAX_POOL_2D; explicit pads become a PADV2 with −∞,
    /// which no window's maximum picks (ONNX ignores padded taps).</summary>
    public static bool LowerMaxPool(Graph graph, Node pool)
    {
        if (pool.Outputs.Count != 1 || pool.Inputs[0] is not { } x || !IsFloat(x)) return false;
        if (SpatialAxes(pool, x, null) is not var (h, w) || h.Dilation != 1 || w.Dilation != 1) return false;
        if (TflitePaddingChoice.For(h, w) is not { } padding) return false;
        var lowered = LowerWindow(graph, pool, "MAX_POOL_2D", x, [], padding, DataType.Float32, float.NegativeInfinity);
        SetPoolAttributes(lowered, h, w);
        return true;
    }

    /// <summary>AveragePool → AVERAGE_POOL_2D. TFLite divides by the taps inside the input, as ONNX's
    /// count_include_pad=0 does, so SAME/VALID fit that directly; count_include_pad=1 with pads is a
    /// zero PAD followed by a VALID pool (the zeros are then counted, as ONNX counts them).</summary>
    public static bool LowerAveragePool(Graph graph, Node pool)
    {
        if (pool.Outputs.Count != 1 || pool.Inputs[0] is not { } x || !IsFloat(x)) return false;
        if (SpatialAxes(pool, x, null) is not var (h, w) || h.Dilation != 1 || w.Dilation != 1) return false;
        bool countPad = pool.Attributes.GetInt("count_include_pad", 0) != 0;
        bool unpadded = h.PadBegin == 0 && h.PadEnd == 0 && w.PadBegin == 0 && w.PadEnd == 0;
        TflitePaddingChoice? padding;
        if (unpadded || !countPad)
        {
            // Padded taps (and ceil mode's windows past the end) are left out of the divisor:
            // only SAME or VALID do that; a PAD's zeros would be counted.
            padding = TflitePaddingChoice.For(h, w);
            if (padding is null || padding.Pads is not null) return false;
        }
        else
        {
            padding = new TflitePaddingChoice(TflitePadding.Valid, [h.PadBegin, h.PadEnd, w.PadBegin, w.PadEnd]);
            if (ValidOutput(h) != h.OutputSize || ValidOutput(w) != w.OutputSize) return false;
        }
        var lowered = LowerWindow(graph, pool, "AVERAGE_POOL_2D", x, [], padding, DataType.Float32, 0f);
        SetPoolAttributes(lowered, h, w);
        return true;
    }

    /// <summary>GlobalAveragePool → MEAN and GlobalMaxPool → REDUCE_MAX over axes [1, 2], keeping them.</summary>
    public static bool LowerGlobalPool(Graph graph, Node pool)
    {
        if (pool.Outputs.Count != 1 || pool.Inputs[0] is not { Shape.Rank: 4 } x || !IsFloat(x)) return false;
        string opType = pool.OpType == "GlobalAveragePool" ? "MEAN" : "REDUCE_MAX";
        var axes = GraphEdits.NewConstant(graph, $"{pool.Name}/axes", Tensor.Vector(1, 2));
        var lowered = LowerWindow(graph, pool, opType, x, [axes], null, DataType.Float32, 0f);
        lowered.Attributes.Set("keep_dims", 1L);
        return true;
    }

    internal static void SetPoolAttributes(Node node, WindowAxis h, WindowAxis w)
    {
        var a = node.Attributes;
        a.Set("stride_h", h.Stride);
        a.Set("stride_w", w.Stride);
        a.Set("filter_height", h.KernelSize);
        a.Set("filter_width", w.KernelSize);
        a.Set("fused_activation_function", "NONE");
    }

    /// <summary>Replaces <paramref name="node"/> by <c>Transpose(op(Transpose(x) [padded], extra…))</c>.</summary>
    private static Node LowerWindow(Graph graph, Node node, string opType, Value x, Value?[] extraInputs, TflitePaddingChoice? padding, DataType type, float padValue)
    {
        var output = node.Outputs[0];
        var nhwc = GraphEdits.TransposeBefore(graph, node, x, Permutation.ToNhwc, $"{node.Name}/to_nhwc");
        if (padding?.Pads is { } pads) nhwc = AddPad(graph, node, nhwc, pads, padValue);
        var loweredOut = GraphEdits.NewValue(graph, $"{output.Name}/nhwc", type,
            output.Shape is { Rank: 4 } s ? Permutation.Apply(s, Permutation.ToNhwc) : null);
        var lowered = GraphEdits.Replace(graph, node, opType, OpDomains.Tflite, [nhwc, .. extraInputs], [loweredOut]);
        if (padding is not null) lowered.Attributes.Set("padding", padding.Padding == TflitePadding.Same ? "SAME" : "VALID");
        GraphEdits.TransposeAfter(graph, lowered, loweredOut, Permutation.ToNchw, output, $"{lowered.Name}/to_nchw");
        return lowered;
    }

    /// <summary>PAD (zeros) or PADV2 (another value) of an NHWC value by [top, bottom, left, right].</summary>
    private static Value AddPad(Graph graph, Node anchor, Value nhwc, int[] pads, float value)
    {
        var paddings = Tensor.FromArray<int>(new Shape(4, 2), [0, 0, pads[0], pads[1], pads[2], pads[3], 0, 0]);
        var paddingsValue = GraphEdits.NewConstant(graph, $"{anchor.Name}/paddings", paddings);
        Shape? shape = nhwc.Shape is { } s ? new Shape(s[0], Grow(s[1], pads[0] + pads[1]), Grow(s[2], pads[2] + pads[3]), s[3]) : null;
        var padded = GraphEdits.NewValue(graph, $"{anchor.Name}/padded", nhwc.Type, shape);
        bool zero = value == 0f;
        Value?[] inputs = zero ? [nhwc, paddingsValue] : [nhwc, paddingsValue, GraphEdits.NewConstant(graph, $"{anchor.Name}/pad_value", Tensor.Vector(value))];
        GraphEdits.InsertBefore(graph, anchor, zero ? "PAD" : "PADV2", inputs, [padded], $"{anchor.Name}/pad", OpDomains.Tflite);
        return padded;
    }

    internal static int ValidOutput(WindowAxis a) => (a.InputSize + a.PadBegin + a.PadEnd - a.EffectiveKernelSize) / a.Stride + 1;

    private static int Grow(int size, int by) => size == Shape.Unknown ? Shape.Unknown : size + by;

    private static bool IsFloat(Value x) => x.Type == DataType.Float32 && x.Quant is null;

    /// <summary>The ONNX geometry of both spatial axes, or null when the input is not 4-D with known
    /// spatial sizes or the attributes do not fit.</summary>
    internal static (WindowAxis H, WindowAxis W)? SpatialAxes(Node node, Value x, IReadOnlyList<int>? kernelFromWeights)
    {
        if (x.Shape is not { Rank: 4 } s || s[2] < 1 || s[3] < 1) return null;
        try
        {
            var attributes = OnnxWindowAttributes.Read(node, 2, kernelFromWeights);
            return (attributes.Forward(0, s[2]), attributes.Forward(1, s[3]));
        }
        catch (GraphValidationException)
        {
            return null;
        }
    }
}
