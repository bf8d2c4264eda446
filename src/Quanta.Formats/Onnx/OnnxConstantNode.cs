using Quanta.Core;
using NodeProto = Onnx.NodeProto;

namespace Quanta.Formats.Onnx;

/// <summary>
/// Turns a <c>Constant</c> node into the tensor it holds, so that the graph sees an initializer
/// (decision 0002): <c>value</c> (a tensor), <c>value_float(s)</c> (float32 scalar or vector),
/// <c>value_int(s)</c> (int64 scalar or vector).
/// </summary>
internal static class OnnxConstantNode
{
    public static bool IsConstant(NodeProto node) =>
        node.OpType == "Constant" && (node.Domain.Length == 0 || node.Domain == "ai.onnx");

    /// <exception cref="ModelFormatException">No value, several values, or not exactly one output.</exception>
    /// <exception cref="UnsupportedException">A string or sparse value.</exception>
    public static Tensor Read(NodeProto node, string label, OnnxImportContext context)
    {
        if (node.Output.Count != 1 || node.Output[0].Length == 0)
            throw context.FormatError($"{label} must have exactly one named output");
        var attributes = node.Attribute;
        if (attributes.Count != 1)
            throw context.FormatError($"{label} must have exactly one value attribute, but has {attributes.Count} ({string.Join(", ", attributes.Select(a => a.Name))})");
        var a = attributes[0];
        switch (a.Name)
        {
            case "value":
                if (a.T is null) throw context.FormatError($"{label}: attribute 'value' holds no tensor");
                try
                {
                    return OnnxTensorReader.Read(a.T, node.Output[0], context.Source, context.External, adoptRawData: true);
                }
                catch (UnsupportedException e)
                {
                    throw new UnsupportedException($"{label}: {e.Message}");
                }
            case "value_float": return Tensor.Scalar(a.F);
            case "value_floats": return Tensor.Vector(a.Floats.ToArray());
            case "value_int": return Tensor.Scalar(a.I);
            case "value_ints": return Tensor.Vector(a.Ints.ToArray());
            case "value_string" or "value_strings":
                throw new UnsupportedException($"{label} holds strings ('{a.Name}'), which Quanta does not support");
            case "sparse_value":
                throw new UnsupportedException($"{label} holds a sparse tensor ('sparse_value'), which Quanta does not support");
            default:
                throw context.FormatError($"{label} has unknown attribute '{a.Name}'");
        }
    }
}
