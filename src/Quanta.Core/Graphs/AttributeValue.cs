using System.Globalization;

namespace Quanta.Core;

/// <summary>The kind of value an attribute holds.</summary>
public enum AttributeKind
{
    /// <summary>A 64-bit integer.</summary>
    Int,
    /// <summary>A 32-bit float.</summary>
    Float,
    /// <summary>A string.</summary>
    String,
    /// <summary>A list of 64-bit integers.</summary>
    Ints,
    /// <summary>A list of floats.</summary>
    Floats,
    /// <summary>A list of strings.</summary>
    Strings,
    /// <summary>A constant tensor.</summary>
    Tensor,
}

/// <summary>An immutable attribute value of a node (ONNX attributes, TFLite builtin options).</summary>
public sealed class AttributeValue
{
    private AttributeValue(AttributeKind kind, object value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What the attribute holds.</summary>
    public AttributeKind Kind { get; }

    /// <summary>The boxed value: long, float, string, long[], float[], string[] or <see cref="Core.Tensor"/>.</summary>
    public object Value { get; }

    /// <summary>An integer attribute.</summary>
    public static AttributeValue Of(long value) => new(AttributeKind.Int, value);

    /// <summary>A float attribute.</summary>
    public static AttributeValue Of(float value) => new(AttributeKind.Float, value);

    /// <summary>A string attribute.</summary>
    public static AttributeValue Of(string value) => new(AttributeKind.String, value);

    /// <summary>An integer-list attribute (copied).</summary>
    public static AttributeValue Of(long[] value) => new(AttributeKind.Ints, value.Clone());

    /// <summary>A float-list attribute (copied).</summary>
    public static AttributeValue Of(float[] value) => new(AttributeKind.Floats, value.Clone());

    /// <summary>A string-list attribute (copied).</summary>
    public static AttributeValue Of(string[] value) => new(AttributeKind.Strings, value.Clone());

    /// <summary>A tensor attribute.</summary>
    public static AttributeValue Of(Tensor value) => new(AttributeKind.Tensor, value);

    /// <summary>Formats the value for tables and messages.</summary>
    public override string ToString() => Value switch
    {
        long[] a => "[" + string.Join(",", a) + "]",
        float[] a => "[" + string.Join(",", a.Select(x => x.ToString("G6", CultureInfo.InvariantCulture))) + "]",
        string[] a => "[" + string.Join(",", a) + "]",
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };
}
