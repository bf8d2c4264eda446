using Quanta.Core;

namespace Quanta.Formats.Onnx;

internal static partial class OnnxOpsetUpgrader
{
    /// <summary>
    /// Upsample (deprecated in opset 10) becomes Resize(X, roi absent, scales). Upsample computes
    /// output index o from input index floor(o / scale) for 'nearest' (ONNX's reference repeats
    /// each element) and interpolates at o / scale for 'linear': Resize's 'asymmetric' coordinate
    /// transformation with nearest_mode 'floor'. Opsets 7-8 give scales as an attribute, opset 9
    /// as an input, the experimental opset-1 form as height_scale/width_scale of a 4-D input.
    /// </summary>
    private static void UpgradeUpsample(OnnxNodeSpec spec, OnnxImportContext context)
    {
        var scales = spec.Input(1);
        if (spec.Take("scales")?.Value is float[] attr)
        {
            scales = context.AddConstant(ConstantName(spec, "scales"), Tensor.Vector(attr));
        }
        else if (spec.Take("height_scale")?.Value is float h && spec.Take("width_scale")?.Value is float w)
        {
            scales = context.AddConstant(ConstantName(spec, "scales"), Tensor.Vector(1f, 1f, h, w));
        }
        if (scales is null) throw context.FormatError($"{spec.Label} has no scales (attribute or input 1)");

        string mode = spec.Take("mode")?.Value as string ?? "nearest";
        if (mode == "bilinear") mode = "linear";
        if (mode is not ("nearest" or "linear"))
            throw new UnsupportedException($"{spec.Label}: Upsample mode '{mode}' is not supported");

        spec.OpType = "Resize";
        var x = spec.Input(0);
        spec.Inputs.Clear();
        spec.Inputs.Add(x);
        spec.Inputs.Add(null);
        spec.Inputs.Add(scales);
        SetResize10Attributes(spec, mode);
    }

    /// <summary>Resize-10 took (X, scales) with Upsample's coordinates; Resize-11 takes (X, roi, scales, sizes).</summary>
    private static void UpgradeResize10(OnnxNodeSpec spec)
    {
        spec.Inputs.Insert(Math.Min(1, spec.Inputs.Count), null);
        string mode = spec.Take("mode")?.Value as string ?? "nearest";
        SetResize10Attributes(spec, mode);
    }

    private static void SetResize10Attributes(OnnxNodeSpec spec, string mode)
    {
        spec.Attributes["mode"] = AttributeValue.Of(mode);
        spec.Attributes["coordinate_transformation_mode"] = AttributeValue.Of("asymmetric");
        if (mode == "nearest") spec.Attributes["nearest_mode"] = AttributeValue.Of("floor");
    }
}
