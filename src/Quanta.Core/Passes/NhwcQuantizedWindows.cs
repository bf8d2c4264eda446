namespace Quanta.Core;

/// <summary>
/// The window and element-wise rewrites of <see cref="NhwcQuantizedLowering"/>: each lowered op reads
/// <c>Transpose(x, ToNhwc)</c> and is followed by <c>Transpose(·, ToNchw)</c>, left for
/// <see cref="TransposePushing"/> to cancel. New values copy the parameters of the values they stand for.
/// </summary>
internal static class NhwcQuantizedWindows
{
    /// <summary>int8 QLinearConv (x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, [B]) with constant
    /// symmetric weights → CONV_2D (OHWI, groups kept) or DEPTHWISE_CONV_2D ([1, KH, KW, C·M]); explicit
    /// pads SAME/VALID cannot express become EXPLICIT padding.</summary>
    public static bool LowerConv(Graph graph, Node conv)
    {
        if (conv.Outputs.Count != 1 || conv.Inputs.Count < 8 || conv.Inputs[0] is not { } x || conv.Inputs[3] is not { Constant: { } w }) return false;
        var y = conv.Outputs[0];
        if (w.Type != DataType.Int8 || w.Shape.Rank != 4) return false;
        if (!QuantParamsAnnotation.Carries(x, QuantParamsAnnotation.Read(conv, 1, 2)) || !QuantParamsAnnotation.Carries(y, QuantParamsAnnotation.Read(conv, 6, 7))) return false;
        int outChannels = w.Shape[0], perGroup = w.Shape[1];
        if (NhwcQuantizedLowering.WeightScales(conv, 4, 5, outChannels) is not { } scales) return false;
        if (!NhwcQuantizedLowering.Bias(graph, conv, 8, outChannels, out var bias)) return false;
        if (NhwcWindowLowering.SpatialAxes(conv, x, [w.Shape[2], w.Shape[3]]) is not var (h, wAxis)) return false;
        long group = conv.Attributes.GetInt("group", 1);
        if (group < 1 || outChannels % group != 0 || x.Shape![1] != perGroup * group) return false;
        if (TflitePaddingChoice.For(h, wAxis) is not { } padding) return false;

        bool depthwise = group > 1 && perGroup == 1;
        // ONNX weights [M, C/g, KH, KW] → OHWI [M, KH, KW, C/g], or depthwise [1, KH, KW, M] (output
        // channel c·mult + m is ONNX's group c, member m: the same order).
        var filter = Permutation.Transpose(w, depthwise ? [1, 2, 3, 0] : [0, 2, 3, 1]);
        var filterValue = NhwcQuantizedLowering.Weights(graph, conv, filter, scales, depthwise ? 3 : 0);
        var lowered = LowerWindow(graph, conv, depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D", x, [filterValue, bias], padding);
        var a = lowered.Attributes;
        a.Set("stride_h", h.Stride);
        a.Set("stride_w", wAxis.Stride);
        a.Set("dilation_h_factor", h.Dilation);
        a.Set("dilation_w_factor", wAxis.Dilation);
        if (depthwise) a.Set("depth_multiplier", outChannels / group);
        NhwcQuantizedLowering.SetFp32Epilogue(conv, lowered);
        return true;
    }

    /// <summary>MaxPool (one output, dilation 1) on int8 codes whose input and output share parameters → MAX_POOL_2D
    /// (explicit pads as EXPLICIT padding, whose taps the max skips as ONNX does).</summary>
    public static bool LowerMaxPool(Graph graph, Node pool)
    {
        if (pool.Outputs.Count != 1 || pool.Inputs[0] is not { Type: DataType.Int8, Quant: { } q } x || !QuantParamsAnnotation.Carries(pool.Outputs[0], q)) return false;
        if (NhwcWindowLowering.SpatialAxes(pool, x, null) is not var (h, w) || h.Dilation != 1 || w.Dilation != 1) return false;
        if (TflitePaddingChoice.For(h, w) is not { } padding) return false;
        var lowered = LowerWindow(graph, pool, "MAX_POOL_2D", x, [], padding);
        NhwcWindowLowering.SetPoolAttributes(lowered, h, w);
        return true;
    }

    /// <summary>int8 QLinear(Global)AveragePool on a 4-D NCHW input → the same op with channels_last = 1.</summary>
    public static bool ChannelsLast(Graph graph, Node pool)
    {
        if (pool.Outputs.Count != 1 || pool.Attributes.GetInt("channels_last", 0) != 0) return false;
        if (pool.Inputs[0] is not { Shape.Rank: 4 } x || !Annotated(pool, x, 1, 2) || !Annotated(pool, pool.Outputs[0], 3, 4)) return false;
        var lowered = LowerWindow(graph, pool, pool.OpType, x, [.. pool.Inputs.Skip(1)], null, pool.Domain);
        lowered.Attributes.Set("channels_last", 1L);
        return true;
    }

    /// <summary>int8 QLinearAdd of two 4-D values of one shape: element-wise, so it runs as well on
    /// NHWC; transposes around it let the layout of its neighbours flow through.</summary>
    public static bool WrapAdd(Graph graph, Node add)
    {
        if (add.Outputs.Count != 1 || add.Inputs.Count < 8 || add.Inputs[0] is not { Shape: { Rank: 4, IsFullyKnown: true } s } a || add.Inputs[3] is not { } b) return false;
        if (b.Shape is not { } bs || !bs.Equals(s) || !Annotated(add, a, 1, 2) || !Annotated(add, b, 4, 5) || !Annotated(add, add.Outputs[0], 6, 7)) return false;
        var bNhwc = GraphEdits.TransposeBefore(graph, add, b, Permutation.ToNhwc, $"{add.Name}/b_to_nhwc");
        var inputs = add.Inputs.ToList();
        inputs[3] = bNhwc;
        LowerWindow(graph, add, add.OpType, a, [.. inputs.Skip(1)], null, add.Domain);
        return true;
    }

    /// <summary>int8 QLinearConcat (Y_scale, Y_zp, then x, scale, zero point per input) of 4-D values →
    /// the same op on their NHWC forms, along the permuted axis (its lookup tables do not care about layout).</summary>
    public static bool WrapConcat(Graph graph, Node concat)
    {
        if (concat.Outputs.Count != 1 || concat.Inputs.Count < 5 || (concat.Inputs.Count - 2) % 3 != 0) return false;
        var output = concat.Outputs[0];
        if (output.Shape is not { Rank: 4 } || !Annotated(concat, output, 0, 1)) return false;
        for (int i = 2; i < concat.Inputs.Count; i += 3)
        {
            if (concat.Inputs[i] is not { Shape.Rank: 4 } x || !Annotated(concat, x, i + 1, i + 2)) return false;
        }
        int axis = Shape.NormalizeAxis(concat.Attributes.GetInt("axis"), 4);
        var inputs = concat.Inputs.ToList();
        for (int i = 2; i < inputs.Count; i += 3)
            inputs[i] = GraphEdits.TransposeBefore(graph, concat, inputs[i]!, Permutation.ToNhwc, $"{concat.Name}/x{i / 3}_to_nhwc");
        var loweredOut = GraphEdits.NewValue(graph, $"{output.Name}/nhwc", output.Type, Permutation.Apply(output.Shape, Permutation.ToNhwc));
        loweredOut.Quant = output.Quant;
        var lowered = GraphEdits.Replace(graph, concat, concat.OpType, concat.Domain, inputs, [loweredOut]);
        // NHWC axis j holds NCHW axis ToNhwc[j].
        lowered.Attributes.Set("axis", (long)Permutation.ToNhwc.ToList().IndexOf(axis));
        GraphEdits.TransposeAfter(graph, lowered, loweredOut, Permutation.ToNchw, output, $"{lowered.Name}/to_nchw");
        return true;
    }

    /// <summary>
    /// A per-tensor QuantizeLinear of a 4-D value whose readers all transpose it to NHWC (lowered ops), or
    /// a DequantizeLinear of a 4-D value a lowered op's transpose back to NCHW produces: element-wise, so
    /// it moves inside the transposes, and the transpose left at the border is the float one (which has a
    /// fast kernel; the int8 transpose is the reference's).
    /// </summary>
    public static bool WrapQuantizeOrDequantize(Graph graph, Node node, Dictionary<Value, List<Node>> consumers)
    {
        if (node.Outputs.Count != 1 || node.Inputs[0] is not { Shape.Rank: 4 } x || node.InputOrNull(1) is not { Constant.ElementCount: 1 }) return false;
        if (node.OpType == "QuantizeLinear")
        {
            var readers = consumers.GetValueOrDefault(node.Outputs[0]);
            if (readers is not { Count: > 0 } || graph.Outputs.Contains(node.Outputs[0]) || !readers.TrueForAll(r => IsTranspose(r, Permutation.ToNhwc))) return false;
        }
        else if (x.Producer is not { } p || !IsTranspose(p, Permutation.ToNchw))
        {
            return false;
        }
        LowerWindow(graph, node, node.OpType, x, [.. node.Inputs.Skip(1)], null, node.Domain);
        return true;
    }

    private static bool IsTranspose(Node n, IReadOnlyList<int> perm) =>
        n is { OpType: "Transpose", Domain: "" } && Permutation.Of(n) is { } p && Permutation.SameAs(p, perm);

    private static bool Annotated(Node node, Value? v, int scale, int zeroPoint) => QuantParamsAnnotation.Carries(v, QuantParamsAnnotation.Read(node, scale, zeroPoint));

    /// <summary>Replaces <paramref name="node"/> by <c>Transpose(op(Transpose(x) [padded], extra…))</c>.</summary>
    private static Node LowerWindow(Graph graph, Node node, string opType, Value x, Value?[] extraInputs, TflitePaddingChoice? padding, string domain = OpDomains.Tflite)
    {
        var output = node.Outputs[0];
        var attributes = domain == OpDomains.Tflite ? [] : node.Attributes.ToList();
        var nhwc = GraphEdits.TransposeBefore(graph, node, x, Permutation.ToNhwc, $"{node.Name}/to_nhwc");
        var loweredOut = GraphEdits.NewValue(graph, $"{output.Name}/nhwc", output.Type,
            output.Shape is { Rank: 4 } s ? Permutation.Apply(s, Permutation.ToNhwc) : null);
        loweredOut.Quant = output.Quant;
        var lowered = GraphEdits.Replace(graph, node, opType, domain, [nhwc, .. extraInputs], [loweredOut]);
        foreach (var (name, value) in attributes) lowered.Attributes.Set(name, value);
        if (padding?.Pads is { } pads)
        {
            // Quanta's EXPLICIT padding (a runtime-only extension, as the float output stage is): the
            // int8 kernels treat padded taps as the input zero point (conv: real 0, what ONNX pads
            // with) or skip them (max pool: ONNX ignores them), so no padded copy is made.
            lowered.Attributes.Set("padding", "EXPLICIT");
            lowered.Attributes.Set(TfliteWindowOptions.ExplicitPaddingAttribute, pads.Select(p => (long)p).ToArray());
        }
        else if (padding is not null)
        {
            lowered.Attributes.Set("padding", padding.Padding == TflitePadding.Same ? "SAME" : "VALID");
        }
        GraphEdits.TransposeAfter(graph, lowered, loweredOut, Permutation.ToNchw, output, $"{lowered.Name}/to_nchw");
        return lowered;
    }
}
