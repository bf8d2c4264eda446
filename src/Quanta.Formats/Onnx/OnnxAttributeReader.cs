using System.Text;
using Quanta.Core;
using AttributeProto = Onnx.AttributeProto;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace Quanta.Formats.Onnx;

/// <summary>Converts a node's ONNX attributes into Quanta attribute values.</summary>
/// <remarks>
/// INT, FLOAT, STRING, INTS, FLOATS, STRINGS and TENSOR map onto <see cref="AttributeValue"/>.
/// Subgraphs (If/Loop/Scan bodies), sparse tensors, type protos and tensor lists are dropped: the
/// node stays, and the runtime reports its op as unsupported rather than the import failing.
/// </remarks>
internal static class OnnxAttributeReader
{
    /// <summary>The node's attributes in file order; dropped kinds are left out.</summary>
    /// <exception cref="ModelFormatException">Two attributes share a name, or one has no name.</exception>
    public static List<KeyValuePair<string, AttributeValue>> Read(
        IEnumerable<AttributeProto> attributes, string nodeLabel, OnnxImportContext context)
    {
        var result = new List<KeyValuePair<string, AttributeValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in attributes)
        {
            if (string.IsNullOrEmpty(a.Name))
                throw context.FormatError($"{nodeLabel} has an attribute without a name");
            if (!seen.Add(a.Name))
                throw context.FormatError($"{nodeLabel} has two attributes named '{a.Name}'");
            var value = Convert(a, nodeLabel, context);
            if (value is not null) result.Add(KeyValuePair.Create(a.Name, value));
        }
        return result;
    }

    private static AttributeValue? Convert(AttributeProto a, string nodeLabel, OnnxImportContext context) => KindOf(a) switch
    {
        AttributeType.Int => AttributeValue.Of(a.I),
        AttributeType.Float => AttributeValue.Of(a.F),
        AttributeType.String => AttributeValue.Of(Utf8(a.S)),
        AttributeType.Ints => AttributeValue.Of(a.Ints.ToArray()),
        AttributeType.Floats => AttributeValue.Of(a.Floats.ToArray()),
        AttributeType.Strings => AttributeValue.Of(a.Strings.Select(Utf8).ToArray()),
        AttributeType.Tensor => AttributeValue.Of(ReadTensor(a, nodeLabel, context)),
        _ => null,
    };

    private static Tensor ReadTensor(AttributeProto a, string nodeLabel, OnnxImportContext context)
    {
        if (a.T is null) throw context.FormatError($"{nodeLabel}: tensor attribute '{a.Name}' holds no tensor");
        try
        {
            return OnnxTensorReader.Read(a.T, $"{nodeLabel} attribute '{a.Name}'", context.Source, context.External, adoptRawData: true);
        }
        catch (UnsupportedException e)
        {
            throw new UnsupportedException($"{nodeLabel}: attribute '{a.Name}': {e.Message}");
        }
    }

    /// <summary>
    /// The attribute's kind. Files written before IR version 2 may leave <c>type</c> unset; then
    /// the kind follows from the one field that is filled in.
    /// </summary>
    private static AttributeType KindOf(AttributeProto a)
    {
        if (a.HasType) return a.Type;
        if (a.HasF) return AttributeType.Float;
        if (a.HasI) return AttributeType.Int;
        if (a.HasS) return AttributeType.String;
        if (a.T is not null) return AttributeType.Tensor;
        if (a.G is not null) return AttributeType.Graph;
        if (a.Floats.Count > 0) return AttributeType.Floats;
        if (a.Ints.Count > 0) return AttributeType.Ints;
        if (a.Strings.Count > 0) return AttributeType.Strings;
        return AttributeType.Undefined;
    }

    private static string Utf8(Google.Protobuf.ByteString bytes) => Encoding.UTF8.GetString(bytes.Span);
}
