using Google.Protobuf;
using Quanta.Core;
using AttributeProto = Onnx.AttributeProto;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace Quanta.Formats.Onnx;

/// <summary>Writes a node's attributes as ONNX AttributeProtos (the inverse of <see cref="OnnxAttributeReader"/>).</summary>
internal static class OnnxAttributeWriter
{
    /// <summary>The attributes of <paramref name="node"/>, with type attributes (Cast's <c>to</c>)
    /// turned back from Quanta's <see cref="DataType"/> into ONNX type codes.</summary>
    public static IEnumerable<AttributeProto> Write(Node node)
    {
        OnnxOpsetUpgrader.TypeAttributes.TryGetValue(node.OpType, out var typeAttribute);
        foreach (var (name, value) in node.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (name == typeAttribute && value.Kind == AttributeKind.Int)
            {
                var type = (DataType)(long)value.Value;
                if (!Enum.IsDefined(type) || type == DataType.Undefined)
                    throw new UnsupportedException($"{node.OpType} '{node.Name}': attribute '{name}' holds no known type ({value.Value})");
                yield return new AttributeProto { Name = name, Type = AttributeType.Int, I = OnnxTypes.ToOnnx(type) };
                continue;
            }
            yield return Write(node, name, value);
        }
    }

    private static AttributeProto Write(Node node, string name, AttributeValue value)
    {
        var a = new AttributeProto { Name = name };
        switch (value.Value)
        {
            case long i:
                a.Type = AttributeType.Int;
                a.I = i;
                break;
            case float f:
                a.Type = AttributeType.Float;
                a.F = f;
                break;
            case string s:
                a.Type = AttributeType.String;
                a.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ints:
                a.Type = AttributeType.Ints;
                a.Ints.AddRange(ints);
                break;
            case float[] floats:
                a.Type = AttributeType.Floats;
                a.Floats.AddRange(floats);
                break;
            case string[] strings:
                a.Type = AttributeType.Strings;
                a.Strings.AddRange(strings.Select(ByteString.CopyFromUtf8));
                break;
            case Tensor t:
                a.Type = AttributeType.Tensor;
                a.T = OnnxTensorWriter.Write(t, name);
                break;
            default:
                throw new UnsupportedException($"{node.OpType} '{node.Name}': attribute '{name}' of kind {value.Kind} cannot be written to ONNX");
        }
        return a;
    }
}
