using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Quanta.Core;

namespace Quanta.Formats.Tflite.Options;

/// <summary>
/// The fallback for options tables without an explicit mapping: reflects over the generated
/// object-API class (<c>…OptionsT</c>) and writes every scalar, enum, string and vector property.
/// </summary>
/// <remarks>
/// A fallback, not the mapping of record: the attribute name is derived from the C# property name
/// (flatc turns <c>dilation_w_factor</c> into <c>DilationWFactor</c>; an underscore is put back
/// before every capital), which restores the schema's name except for fields whose words start with
/// a digit. Deprecated fields are written too. Nested tables and unions are skipped. Ops Quanta
/// runs get explicit mappings (<see cref="TfliteOptions"/>); a test checks that both agree on them.
/// </remarks>
internal static class TfliteOptionsFallback
{
    /// <summary>Writes the properties of an unpacked options object as attributes.</summary>
    public static void Write(object options, TfliteAttributeWriter w)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0) continue;
            string field = SnakeCase(property.Name);
            object? value = property.GetValue(options);
            switch (value)
            {
                case null:
                    break;
                case Enum e:
                    w.Enum(field, e);
                    break;
                case bool b:
                    w.Bool(field, b);
                    break;
                case float f:
                    w.Float(field, f);
                    break;
                case double d:
                    w.Float(field, (float)d);
                    break;
                case ulong u:
                    w.Int(field, u <= long.MaxValue ? (long)u
                        : throw new UnsupportedException($"node '{w.NodeName}': option {field} = {u} does not fit in 64 signed bits"));
                    break;
                case sbyte or byte or short or ushort or int or uint or long:
                    w.Int(field, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case string s:
                    w.String(field, s);
                    break;
                case IList list:
                    WriteList(field, list, w);
                    break;
            }
        }
    }

    private static void WriteList(string field, IList list, TfliteAttributeWriter w)
    {
        var elementType = list.GetType().IsGenericType ? list.GetType().GetGenericArguments()[0] : typeof(object);
        if (elementType.IsEnum)
        {
            var names = new string[list.Count];
            for (int i = 0; i < names.Length; i++) names[i] = w.EnumName(field, (Enum)list[i]!);
            w.Attributes.Set(field, AttributeValue.Of(names));
        }
        else if (elementType == typeof(float) || elementType == typeof(double))
        {
            var values = new float[list.Count];
            for (int i = 0; i < values.Length; i++) values[i] = Convert.ToSingle(list[i], CultureInfo.InvariantCulture);
            w.Attributes.Set(field, values);
        }
        else if (elementType == typeof(bool))
        {
            var values = new long[list.Count];
            for (int i = 0; i < values.Length; i++) values[i] = (bool)list[i]! ? 1 : 0;
            w.Attributes.Set(field, values);
        }
        else if (elementType == typeof(string))
        {
            var values = new string[list.Count];
            for (int i = 0; i < values.Length; i++) values[i] = (string?)list[i] ?? "";
            w.Attributes.Set(field, AttributeValue.Of(values));
        }
        else if (elementType.IsPrimitive && elementType != typeof(ulong) && elementType != typeof(char))
        {
            var values = new long[list.Count];
            for (int i = 0; i < values.Length; i++) values[i] = Convert.ToInt64(list[i], CultureInfo.InvariantCulture);
            w.Attributes.Set(field, values);
        }
        else if (elementType == typeof(ulong))
        {
            var values = new long[list.Count];
            for (int i = 0; i < values.Length; i++)
            {
                ulong u = (ulong)list[i]!;
                values[i] = u <= long.MaxValue ? (long)u
                    : throw new UnsupportedException($"node '{w.NodeName}': option {field}[{i}] = {u} does not fit in 64 signed bits");
            }
            w.Attributes.Set(field, values);
        }
        // Lists of tables are skipped.
    }

    /// <summary>Turns flatc's C# property name back into the schema's snake_case field name.</summary>
    public static string SnakeCase(string propertyName)
    {
        var sb = new StringBuilder(propertyName.Length + 4);
        for (int i = 0; i < propertyName.Length; i++)
        {
            char c = propertyName[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
