using System.Collections;
using System.Globalization;
using System.Reflection;
using Quanta.Core;
using Quanta.Formats.Tflite.Options;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Rebuilds an operator's <c>builtin_options</c> from its node's attributes: the options table of
/// the op (<see cref="TfliteOptionsTypes"/>) is created through the generated object API
/// (<c>…OptionsT</c>) and every property whose snake_case name is an attribute is set from it —
/// the inverse of what the importer writes (enums by schema name, bools as 0/1, int lists).
/// </summary>
/// <remarks>
/// Fields without an attribute keep the schema default. Attributes that are not fields of the table
/// (<c>tflite_version</c>, Quanta's own annotations) are not written. An op with an options table is
/// always given one, even when empty of attributes: some readers (Arm NN's parser for SOFTMAX,
/// RESHAPE, …) dereference the table without checking for it.
/// </remarks>
internal static class TfliteOptionsWriter
{
    /// <summary>The options union of <paramref name="node"/> (type NONE for ops without options).</summary>
    /// <exception cref="UnsupportedException">An attribute whose value does not fit its field.</exception>
    public static tflite.BuiltinOptionsUnion Write(Node node)
    {
        var type = TfliteOptionsTypes.For(node.OpType);
        if (type == tflite.BuiltinOptions.NONE) return new tflite.BuiltinOptionsUnion();
        var clrType = typeof(tflite.ModelT).Assembly.GetType($"tflite.{type}T")
            ?? throw new UnsupportedException($"node '{node.Name}': the generated TFLite schema has no {type}T");
        object options = Activator.CreateInstance(clrType)!;
        foreach (var property in clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length != 0) continue;
            string field = TfliteOptionsFallback.SnakeCase(property.Name);
            if (node.Attributes.Find(field) is not { } attribute) continue;
            property.SetValue(options, Convert(node, field, attribute, property.PropertyType));
        }
        return new tflite.BuiltinOptionsUnion { Type = type, Value = options };
    }

    private static object? Convert(Node node, string field, AttributeValue attribute, Type target)
    {
        try
        {
            if (target.IsEnum)
            {
                return attribute.Value switch
                {
                    string name => Enum.Parse(target, name, ignoreCase: false),
                    long number => Enum.ToObject(target, number),
                    _ => throw Mismatch(node, field, attribute, target),
                };
            }
            if (target == typeof(bool)) return attribute.Value is long b ? b != 0 : throw Mismatch(node, field, attribute, target);
            if (target == typeof(float)) return attribute.Value switch { float f => f, long l => (float)l, _ => throw Mismatch(node, field, attribute, target) };
            if (target == typeof(string)) return attribute.Value as string ?? throw Mismatch(node, field, attribute, target);
            if (target.IsPrimitive) return System.Convert.ChangeType(attribute.Value as long? ?? throw Mismatch(node, field, attribute, target), target, CultureInfo.InvariantCulture);
            if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>)) return List(node, field, attribute, target);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or FormatException or InvalidCastException)
        {
            throw new UnsupportedException($"node '{node.Name}': attribute {field} = {attribute} does not fit the TFLite field ({target.Name}): {e.Message}");
        }
        throw Mismatch(node, field, attribute, target);
    }

    private static IList List(Node node, string field, AttributeValue attribute, Type target)
    {
        var element = target.GetGenericArguments()[0];
        var list = (IList)Activator.CreateInstance(target)!;
        switch (attribute.Value)
        {
            case long[] ints:
                foreach (long v in ints)
                {
                    list.Add(element == typeof(bool) ? v != 0
                        : element.IsEnum ? Enum.ToObject(element, v)
                        : System.Convert.ChangeType(v, element, CultureInfo.InvariantCulture));
                }
                break;
            case float[] floats when element == typeof(float):
                foreach (float v in floats) list.Add(v);
                break;
            case string[] names when element.IsEnum || element == typeof(string):
                foreach (string v in names) list.Add(element.IsEnum ? Enum.Parse(element, v) : v);
                break;
            default:
                throw Mismatch(node, field, attribute, target);
        }
        return list;
    }

    private static UnsupportedException Mismatch(Node node, string field, AttributeValue attribute, Type target) =>
        new($"node '{node.Name}': attribute {field} ({attribute.Kind}) cannot be written as the TFLite field of type {target.Name}");
}
