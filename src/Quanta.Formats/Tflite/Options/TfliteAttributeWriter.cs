using System.Runtime.InteropServices;
using Quanta.Core;

namespace Quanta.Formats.Tflite.Options;

/// <summary>
/// Writes a TFLite options field as a node attribute in the form decision 0002 fixes: the schema's
/// snake_case field name; enums as their schema names (<c>padding = "SAME"</c>); bools as 0/1
/// ints; integers as ints; floats as floats; integer vectors as int lists.
/// </summary>
internal sealed class TfliteAttributeWriter
{
    private readonly TfliteReadContext _ctx;

    /// <summary>Creates a writer for one node's attributes.</summary>
    public TfliteAttributeWriter(TfliteReadContext ctx, AttributeMap attributes, string nodeName)
    {
        _ctx = ctx;
        Attributes = attributes;
        NodeName = nodeName;
    }

    /// <summary>The node's attributes.</summary>
    public AttributeMap Attributes { get; }

    /// <summary>The node, named in error messages.</summary>
    public string NodeName { get; }

    /// <summary>An integer field.</summary>
    public void Int(string field, long value) => Attributes.Set(field, value);

    /// <summary>A bool field, as 0 or 1.</summary>
    public void Bool(string field, bool value) => Attributes.Set(field, value ? 1L : 0L);

    /// <summary>A float field.</summary>
    public void Float(string field, float value) => Attributes.Set(field, value);

    /// <summary>A string field.</summary>
    public void String(string field, string value) => Attributes.Set(field, value);

    /// <summary>An enum field, as the schema's name of its value.</summary>
    /// <exception cref="UnsupportedException">The value is not one the schema defines (a newer schema, or a corrupt file).</exception>
    public void Enum(string field, Enum value) => Attributes.Set(field, EnumName(field, value));

    /// <summary>The schema's name of an enum value.</summary>
    /// <exception cref="UnsupportedException">The value is not one the schema defines.</exception>
    public string EnumName(string field, Enum value)
    {
        if (!System.Enum.IsDefined(value.GetType(), value))
        {
            throw new UnsupportedException(
                $"node '{NodeName}': option {field} has the value {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}, which {value.GetType().Name} does not define");
        }
        return value.ToString();
    }

    /// <summary>An int vector field read through a generated <c>Get…Bytes()</c> accessor, bounds-checked.
    /// An absent vector is written as an empty list, as TFLite reads it.</summary>
    public void Ints(string field, ArraySegment<byte>? segment, int length)
    {
        var ints = MemoryMarshal.Cast<byte, int>(_ctx.VectorBytes(segment, length, sizeof(int), $"option {field} of node '{NodeName}'"));
        var values = new long[ints.Length];
        for (int i = 0; i < ints.Length; i++) values[i] = ints[i];
        Attributes.Set(field, values);
    }
}
