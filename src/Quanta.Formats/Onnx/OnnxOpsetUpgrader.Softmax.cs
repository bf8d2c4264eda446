using Quanta.Core;

namespace Quanta.Formats.Onnx;

internal static partial class OnnxOpsetUpgrader
{
    /// <summary>
    /// Softmax, LogSoftmax and Hardmax before opset 13 flatten the input to 2-D at 'axis'
    /// (default 1) and normalize each row; opset 13 normalizes along one axis. The old meaning
    /// becomes Flatten(axis) → op(axis=−1) → Reshape to the input's shape (read by a Shape node).
    /// When 'axis' is already the last axis the flatten changes nothing, and the op alone is emitted.
    /// </summary>
    private static void EmitFlattenedSoftmax(OnnxNodeSpec spec, OnnxImportContext context)
    {
        var x = spec.Input(0) ?? throw context.FormatError($"{spec.Label} has no input");
        if (spec.Outputs.Count != 1) throw context.FormatError($"{spec.Label} must have one output");
        long axis = spec.Int("axis", 1);
        int? rank = RankOf(x);
        if (rank is int r && r > 0 && (axis == r - 1 || axis == -1))
        {
            spec.Attributes["axis"] = AttributeValue.Of(-1L);
            context.Emit(spec);
            return;
        }

        string baseName = spec.Name.Length > 0 ? spec.Name : spec.OpType;
        var y = spec.Outputs[0];
        var flat = context.AddValue($"{baseName}_flat");
        var normalized = context.AddValue($"{baseName}_2d");
        var shape = context.AddValue($"{baseName}_shape");

        var flatten = spec.Derive("Flatten", $"{baseName}_flatten");
        flatten.Inputs.Add(x);
        flatten.Outputs.Add(flat);
        flatten.Attributes["axis"] = AttributeValue.Of(axis);
        context.Emit(flatten);

        var op = spec.Derive(spec.OpType, spec.Name);
        op.Inputs.Add(flat);
        op.Outputs.Add(normalized);
        op.Attributes["axis"] = AttributeValue.Of(-1L);
        context.Emit(op);

        var shapeOf = spec.Derive("Shape", $"{baseName}_shape");
        shapeOf.Inputs.Add(x);
        shapeOf.Outputs.Add(shape);
        context.Emit(shapeOf);

        var reshape = spec.Derive("Reshape", $"{baseName}_reshape");
        reshape.Inputs.Add(normalized);
        reshape.Inputs.Add(shape);
        reshape.Outputs.Add(y);
        context.Emit(reshape);
    }
}
