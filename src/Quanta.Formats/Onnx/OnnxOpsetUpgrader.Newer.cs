using Quanta.Core;

namespace Quanta.Formats.Onnx;

internal static partial class OnnxOpsetUpgrader
{
    // Reductions whose 'axes' moved from an attribute to input 1 in opset 18 (ReduceSum did in 13).
    private static readonly HashSet<string> s_reduceOps18 = new(StringComparer.Ordinal)
    {
        "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare",
    };

    /// <summary>
    /// Models newer than opset 17 are imported where their nodes can be said in opset 17: a
    /// constant 'axes' input of a reduction goes back to the attribute, Split's 'num_outputs'
    /// becomes split sizes when the axis length is declared. What cannot be expressed is an error
    /// naming the node.
    /// </summary>
    private static void DowngradeNewerOpset(OnnxNodeSpec spec, OnnxImportContext context)
    {
        string why = $"{spec.Label} (opset {context.Opset})";
        switch (spec.OpType)
        {
            case var op when s_reduceOps18.Contains(op) && spec.Input(1) is { } axes:
                if (axes.Constant is null)
                    throw new UnsupportedException($"{why}: 'axes' computed at run time cannot be expressed in opset 17");
                spec.Attributes["axes"] = AttributeValue.Of(axes.Constant.ToInt64Array());
                spec.Inputs.RemoveAt(1);
                break;
            case "Split" when spec.Take("num_outputs")?.Value is long parts && spec.Input(1) is null:
                spec.SetInput(1, SplitSizes(spec, parts, why, context));
                break;
            case "Pad" when spec.Input(3) is not null:
                throw new UnsupportedException($"{why}: Pad with an 'axes' input cannot be expressed in opset 17");
            case "Resize":
                if (spec.Take("antialias")?.Value is long aa && aa != 0)
                    throw new UnsupportedException($"{why}: Resize with antialias=1 cannot be expressed in opset 17");
                if (spec.Take("axes") is not null)
                    throw new UnsupportedException($"{why}: Resize with 'axes' cannot be expressed in opset 17");
                if (spec.Take("keep_aspect_ratio_policy")?.Value is string policy && policy != "stretch")
                    throw new UnsupportedException($"{why}: Resize with keep_aspect_ratio_policy '{policy}' cannot be expressed in opset 17");
                break;
            default: break;
        }
    }

    // Split-18 with num_outputs n cuts ceil(length / n) per output, the last taking what is left.
    private static Value SplitSizes(OnnxNodeSpec spec, long parts, string why, OnnxImportContext context)
    {
        var x = spec.Input(0);
        long axis = spec.Int("axis", 0);
        int? rank = RankOf(x);
        if (rank is not int r || axis < -r || axis >= r || parts <= 0 || parts != spec.Outputs.Count)
            throw new UnsupportedException($"{why}: Split with 'num_outputs' needs the input's declared shape");
        int length = (x!.Constant?.Shape ?? x.Shape!)[(int)(axis < 0 ? axis + r : axis)];
        if (length == Shape.Unknown)
            throw new UnsupportedException($"{why}: Split with 'num_outputs' needs the length of axis {axis}, which the model does not declare");
        long chunk = (length + parts - 1) / parts;
        var sizes = new long[parts];
        for (int i = 0; i < parts; i++) sizes[i] = Math.Max(0, Math.Min(chunk, length - i * chunk));
        return context.AddConstant(ConstantName(spec, "split"), Tensor.Vector(sizes));
    }
}
