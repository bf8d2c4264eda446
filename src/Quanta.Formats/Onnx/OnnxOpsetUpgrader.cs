using Quanta.Core;

namespace Quanta.Formats.Onnx;

/// <summary>
/// Rewrites default-domain nodes of older (and newer) opsets into their opset-17 form on the way
/// into the graph, so that schemas and kernels see one form only (decision 0002). Nodes of
/// other domains pass through unchanged.
/// </summary>
/// <remarks>
/// Each rule names the opset where ONNX changed the op (see ONNX's Changelog.md). The importer
/// applies a rule when the model's default-domain opset is older than that version.
/// </remarks>
internal static partial class OnnxOpsetUpgrader
{
    /// <summary>Adds <paramref name="spec"/> to the graph in opset-17 form (as one or more nodes).</summary>
    /// <exception cref="UnsupportedException">The node's old semantics have no opset-17 equivalent.</exception>
    /// <exception cref="ModelFormatException">The node is malformed for its opset.</exception>
    public static void Emit(OnnxNodeSpec spec, OnnxImportContext context)
    {
        if (spec.Domain.Length != 0)
        {
            context.Emit(spec);
            return;
        }
        long opset = context.Opset;
        // Before opset 6, ops listed which inputs they overwrote in place; it means nothing today.
        spec.Take("consumed_inputs");
        if (opset < 7) UpgradeLegacyBroadcast(spec, context);

        switch (spec.OpType)
        {
            case "Squeeze" or "Unsqueeze" when opset < 13: IntsToInput(spec, "axes", 1, context); break;
            case "Split" when opset < 13: IntsToInput(spec, "split", 1, context); break;
            case "ReduceSum" when opset < 13: IntsToInput(spec, "axes", 1, context); break;
            case "TopK" when opset < 10: IntsToInput(spec, "k", 1, context); break;
            case "Reshape" when opset < 5: IntsToInput(spec, "shape", 1, context); break;
            case "Slice" when opset < 10: UpgradeSlice(spec, context); break;
            case "Pad" when opset < 11: UpgradePad(spec, context); break;
            case "Clip" when opset < 11: UpgradeClip(spec, context); break;
            case "Dropout" when opset < 12: UpgradeDropout(spec, context); break;
            case "BatchNormalization" when opset < 14: UpgradeBatchNormalization(spec, opset); break;
            case "Upsample": UpgradeUpsample(spec, context); break;
            case "Resize" when opset < 11: UpgradeResize10(spec); break;
            case "Softmax" or "LogSoftmax" or "Hardmax" when opset < 13:
                EmitFlattenedSoftmax(spec, context);
                return;
            case "Concat" when opset < 4 && !spec.Has("axis"): spec.Attributes["axis"] = AttributeValue.Of(1L); break;
            case "Gemm" when opset < 7: spec.Take("broadcast"); break;
            case "PRelu" when opset < 7: UpgradeLegacyPRelu(spec, context); break;
            // Scatter (opsets 9-10) is ScatterElements under its old name.
            case "Scatter": spec.OpType = "ScatterElements"; break;
            default: break;
        }
        ConvertTypeAttributes(spec);
        if (opset > 17) DowngradeNewerOpset(spec, context);
        context.Emit(spec);
    }

    /// <summary>Moves an integer-list (or integer) attribute into input <paramref name="index"/> as an int64 vector constant.</summary>
    private static void IntsToInput(OnnxNodeSpec spec, string attribute, int index, OnnxImportContext context)
    {
        var value = spec.Take(attribute);
        if (value is null) return;
        long[] ints = value.Value switch
        {
            long[] a => a,
            long l => [l],
            _ => throw context.FormatError($"{spec.Label}: attribute '{attribute}' should be integers, but is {value.Kind}"),
        };
        // An opset that has both forms (Split-1) lets an input win over the attribute.
        if (spec.Input(index) is not null) return;
        spec.SetInput(index, context.AddConstant(ConstantName(spec, attribute), Tensor.Vector(ints)));
    }

    /// <summary>A float scalar constant of the given float type (float16 inputs get float16 constants).</summary>
    private static Value FloatScalar(OnnxNodeSpec spec, string what, float value, DataType type, OnnxImportContext context)
    {
        var tensor = type == DataType.Float16 ? Tensor.Scalar((Half)value) : Tensor.Scalar(value);
        return context.AddConstant(ConstantName(spec, what), tensor);
    }

    private static string ConstantName(OnnxNodeSpec spec, string what) =>
        $"{(spec.Name.Length > 0 ? spec.Name : spec.OpType)}_{what}";

    private static DataType TypeOf(Value? v) => v?.Type ?? DataType.Undefined;

    /// <summary>The rank of a value, from its constant data or its declared shape, or null.</summary>
    private static int? RankOf(Value? v) => v?.Constant?.Shape.Rank ?? v?.Shape?.Rank;

    /// <summary>Slice before opset 10: starts/ends/axes attributes became inputs 1-3.</summary>
    private static void UpgradeSlice(OnnxNodeSpec spec, OnnxImportContext context)
    {
        IntsToInput(spec, "starts", 1, context);
        IntsToInput(spec, "ends", 2, context);
        IntsToInput(spec, "axes", 3, context);
    }

    /// <summary>Pad before opset 11: 'pads' (opset 1: 'paddings') and 'value' became inputs 1-2; 'mode' stays.</summary>
    private static void UpgradePad(OnnxNodeSpec spec, OnnxImportContext context)
    {
        if (spec.Take("paddings") is { } old && !spec.Has("pads")) spec.Attributes["pads"] = old;
        if (!spec.Has("pads")) throw context.FormatError($"{spec.Label}: attribute 'pads' is required before opset 11");
        IntsToInput(spec, "pads", 1, context);
        float value = spec.Take("value")?.Value is float f ? f : 0f;
        // Pad-11's constant_value is optional and defaults to 0: only a non-zero value needs an input.
        if (value != 0f) spec.SetInput(2, FloatScalar(spec, "value", value, TypeOf(spec.Input(0)), context));
    }

    /// <summary>Clip before opset 11: 'min'/'max' attributes became optional inputs 1-2.</summary>
    private static void UpgradeClip(OnnxNodeSpec spec, OnnxImportContext context)
    {
        var type = TypeOf(spec.Input(0));
        if (spec.Take("min")?.Value is float min) spec.SetInput(1, FloatScalar(spec, "min", min, type, context));
        if (spec.Take("max")?.Value is float max) spec.SetInput(2, FloatScalar(spec, "max", max, type, context));
    }

    /// <summary>Dropout before opset 12: 'ratio' became input 1; 'is_test' (before 7) is gone
    /// (inference always runs in test mode).</summary>
    private static void UpgradeDropout(OnnxNodeSpec spec, OnnxImportContext context)
    {
        spec.Take("is_test");
        if (spec.Take("ratio")?.Value is float ratio)
            spec.SetInput(1, context.AddConstant(ConstantName(spec, "ratio"), Tensor.Scalar(ratio)));
    }

    /// <summary>
    /// BatchNormalization before opset 14: 'is_test' (before 7) and 'spatial' (before 9) are
    /// dropped; spatial=0 (one statistic per activation, not per channel) has no later form.
    /// Extra outputs meant training mode, which opset 14 spells training_mode=1.
    /// </summary>
    private static void UpgradeBatchNormalization(OnnxNodeSpec spec, long opset)
    {
        long isTest = spec.Take("is_test")?.Value is long t ? t : 0;
        if (spec.Take("spatial")?.Value is long spatial && spatial == 0)
            throw new UnsupportedException($"{spec.Label}: BatchNormalization with spatial=0 (opset {opset}) has no opset-17 form");
        if (spec.Outputs.Count > 1 && !(opset < 7 && isTest != 0))
        {
            if (spec.Outputs.Count > 3)
                throw new UnsupportedException($"{spec.Label}: training-mode BatchNormalization with saved_mean/saved_var outputs (opset {opset}) has no opset-17 form");
            spec.Attributes["training_mode"] = AttributeValue.Of(1L);
        }
    }
}
