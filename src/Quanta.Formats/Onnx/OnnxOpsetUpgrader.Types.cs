using Quanta.Core;

namespace Quanta.Formats.Onnx;

internal static partial class OnnxOpsetUpgrader
{
    // Attributes that hold an ONNX element type code, by op (Cast.to, EyeLike.dtype, ...).
    private static readonly Dictionary<string, string> s_typeAttributes = new(StringComparer.Ordinal)
    {
        ["Cast"] = "to",
        ["EyeLike"] = "dtype",
        ["RandomNormal"] = "dtype",
        ["RandomUniform"] = "dtype",
        ["RandomNormalLike"] = "dtype",
        ["RandomUniformLike"] = "dtype",
        ["Multinomial"] = "dtype",
        ["Bernoulli"] = "dtype",
    };

    /// <summary>The attribute holding an element type, by op type (for the exporter, which writes
    /// ONNX codes back).</summary>
    internal static IReadOnlyDictionary<string, string> TypeAttributes => s_typeAttributes;

    /// <summary>
    /// Replaces an ONNX type code with Quanta's <see cref="DataType"/> value (decision 0002).
    /// Cast before opset 6 named the type as a string ("FLOAT").
    /// </summary>
    private static void ConvertTypeAttributes(OnnxNodeSpec spec)
    {
        if (!s_typeAttributes.TryGetValue(spec.OpType, out var name) || spec.Attributes.GetValueOrDefault(name) is not { } value) return;
        int code = value.Value switch
        {
            long l when l is >= 0 and <= int.MaxValue => (int)l,
            string s => CodeOfName(s),
            _ => -1,
        };
        var type = OnnxTypes.ToDataType(code) ?? throw new UnsupportedException(
            $"{spec.Label}: attribute '{name}' is ONNX type {(value.Value is string s2 ? s2 : OnnxTypes.Name(code))}, which Quanta does not support");
        spec.Attributes[name] = AttributeValue.Of((long)(int)type);
    }

    private static int CodeOfName(string name)
    {
        for (int code = 0; code <= 16; code++)
        {
            if (string.Equals(OnnxTypes.Name(code), name, StringComparison.OrdinalIgnoreCase)) return code;
        }
        return -1;
    }
}
