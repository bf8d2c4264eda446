using Quanta.Core;

namespace Quanta.Formats.Onnx;

internal static partial class OnnxOpsetUpgrader
{
    // Binary ops that took 'broadcast'/'axis' attributes before opset 7.
    private static readonly HashSet<string> s_legacyBroadcastOps = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal", "Greater", "Less",
    };

    /// <summary>
    /// Before opset 7, binary ops broadcast only with broadcast=1, and then B's shape had to be a
    /// contiguous run of A's dims starting at 'axis' (default: aligned to the end, as in numpy).
    /// Opset 7 broadcasts numpy-style, aligning trailing dims, so B gets trailing 1-dims up to
    /// A's rank: B [3] at axis 1 of A [2,3,4,5] becomes [3,1,1].
    /// </summary>
    private static void UpgradeLegacyBroadcast(OnnxNodeSpec spec, OnnxImportContext context)
    {
        if (!s_legacyBroadcastOps.Contains(spec.OpType)) return;
        var broadcast = spec.Take("broadcast");
        var axisValue = spec.Take("axis");
        if (broadcast?.Value is not long b || b == 0 || axisValue?.Value is not long axis) return;

        var a = spec.Input(0);
        var bValue = spec.Input(1);
        if (a is null || bValue is null) throw context.FormatError($"{spec.Label} needs two inputs");
        if (RankOf(a) is not int rankA || RankOf(bValue) is not int rankB)
            throw new UnsupportedException(
                $"{spec.Label}: opset-{context.Opset} broadcasting along axis {axis} needs the ranks of both inputs, which the model does not declare");
        if (axis < 0) axis += rankA;
        long trailing = rankA - axis - rankB;
        if (axis < 0 || trailing < 0)
            throw context.FormatError($"{spec.Label}: broadcast axis {axisValue.Value} does not fit input ranks {rankA} and {rankB}");
        if (trailing > 0) spec.Inputs[1] = AppendUnitDims(spec, bValue, rankB, (int)trailing, context);
    }

    /// <summary>
    /// PRelu before opset 7 applied a 1-D slope of C values per channel (axis 1); opset 7 broadcasts
    /// the slope numpy-style, so the slope becomes [C,1,...,1].
    /// </summary>
    private static void UpgradeLegacyPRelu(OnnxNodeSpec spec, OnnxImportContext context)
    {
        var x = spec.Input(0);
        var slope = spec.Input(1);
        if (x is null || slope is null) throw context.FormatError($"{spec.Label} needs two inputs");
        int? slopeRank = RankOf(slope);
        int? slopeSize = slope.Constant?.Shape[0] ?? slope.Shape?[0];
        if (slopeRank != 1 || slopeSize == 1) return;
        if (RankOf(x) is not int rankX)
            throw new UnsupportedException($"{spec.Label}: opset-{context.Opset} per-channel PRelu needs the input's rank, which the model does not declare");
        if (rankX > 2) spec.Inputs[1] = AppendUnitDims(spec, slope, 1, rankX - 2, context);
    }

    /// <summary>The value with <paramref name="count"/> trailing 1-dims: a reshaped constant, or an Unsqueeze node.</summary>
    private static Value AppendUnitDims(OnnxNodeSpec spec, Value value, int rank, int count, OnnxImportContext context)
    {
        if (value.Constant is { } c)
        {
            var dims = c.Shape.ToArray().Concat(Enumerable.Repeat(1, count)).ToArray();
            return context.AddConstant($"{value.Name}_unsqueezed", c.Reshape(new Shape(dims)));
        }
        var axes = context.AddConstant(ConstantName(spec, "unsqueeze_axes"), Tensor.Vector(Enumerable.Range(rank, count).Select(i => (long)i).ToArray()));
        var result = context.AddValue($"{value.Name}_unsqueezed");
        var unsqueeze = spec.Derive("Unsqueeze", $"{(spec.Name.Length > 0 ? spec.Name : spec.OpType)}_unsqueeze");
        unsqueeze.Inputs.Add(value);
        unsqueeze.Inputs.Add(axes);
        unsqueeze.Outputs.Add(result);
        context.Emit(unsqueeze);
        return result;
    }
}
