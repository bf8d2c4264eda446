using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Quanta.Core;

namespace Quanta.Data.TensorFiles;

/// <summary>
/// Tensors as text: comma-separated values of the tensor's element type, in row-major order,
/// over any number of lines (LF or CRLF), no header. A trailing comma at the end of a line is
/// allowed (some generators write one); an empty field elsewhere is an error. This is the layout
/// of the TFLite Micro conformance goldens (shared/conformance/tflite-micro/README.md).
/// </summary>
public static class CsvTensorFile
{
    /// <summary>Reads a CSV file as a tensor of <paramref name="type"/> and <paramref name="shape"/>
    /// (whose one unknown dimension, if any, is solved from the number of values).</summary>
    /// <exception cref="DataFormatException">Missing file, unparsable or out-of-range value, or a
    /// value count that does not fit the shape.</exception>
    public static Tensor Read(string path, DataType type, Shape shape)
    {
        var bytes = DataFiles.ReadAllBytes(path);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(path, "is not UTF-8 text", e);
        }
        return Parse(text, type, shape, path);
    }

    /// <summary>Parses CSV text (see <see cref="Read"/>).</summary>
    /// <exception cref="DataFormatException">See <see cref="Read"/>.</exception>
    public static Tensor Parse(string text, DataType type, Shape shape, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (type == DataType.Undefined) throw new ArgumentException("the element type must be defined", nameof(type));
        var fields = Split(text, sourceName);
        var resolved = ShapeResolver.Resolve(shape, fields.Count, sourceName);
        var tensor = Tensor.Zeros(type, resolved);
        for (int i = 0; i < fields.Count; i++) Store(tensor, i, fields[i], sourceName);
        return tensor;
    }

    /// <summary>The CSV text of a tensor: one line per innermost row (a scalar on one line),
    /// floats in the shortest form that reads back to the same value.</summary>
    public static string Format(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int row = tensor.Shape.Rank == 0 ? 1 : tensor.Shape[^1];
        long n = tensor.ElementCount;
        var sb = new StringBuilder();
        for (long i = 0; i < n; i++)
        {
            sb.Append(FormatElement(tensor, i));
            sb.Append(row == 0 || (i + 1) % row == 0 ? '\n' : ',');
        }
        return sb.ToString();
    }

    /// <summary>The UTF-8 bytes of <see cref="Format"/>.</summary>
    public static byte[] Encode(Tensor tensor) => Encoding.UTF8.GetBytes(Format(tensor));

    private static string FormatElement(Tensor tensor, long i)
    {
        var ic = CultureInfo.InvariantCulture;
        return tensor.Type switch
        {
            DataType.Float32 => tensor.AsSpan<float>()[(int)i].ToString("R", ic),
            DataType.Float16 => tensor.AsSpan<Half>()[(int)i].ToString(ic),
            DataType.Int64 => tensor.GetInt64(i).ToString(ic),
            _ => ((long)tensor.GetDouble(i)).ToString(ic),
        };
    }

    private readonly record struct Field(string Text, int Line);

    private static List<Field> Split(string text, string source)
    {
        var fields = new List<Field>();
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var parts = line.Split(',');
            for (int k = 0; k < parts.Length; k++)
            {
                string field = parts[k].Trim();
                if (field.Length == 0)
                {
                    if (k == parts.Length - 1) continue;
                    throw new DataFormatException(source, $"line {lineNumber}: empty field {k + 1}");
                }
                fields.Add(new Field(field, lineNumber));
            }
        }
        return fields;
    }

    private static void Store(Tensor tensor, int index, Field field, string source)
    {
        var ic = CultureInfo.InvariantCulture;
        var span = tensor.Bytes;
        switch (tensor.Type)
        {
            case DataType.Float32:
                MemoryMarshal.Cast<byte, float>(span)[index] = float.TryParse(field.Text, NumberStyles.Float, ic, out float f) ? f : throw Bad(field, "a float", source);
                return;
            case DataType.Float16:
                MemoryMarshal.Cast<byte, Half>(span)[index] = Half.TryParse(field.Text, NumberStyles.Float, ic, out Half h) ? h : throw Bad(field, "a float", source);
                return;
            case DataType.Bool:
                span[index] = field.Text switch
                {
                    "0" or "false" or "False" => 0,
                    "1" or "true" or "True" => 1,
                    _ => throw Bad(field, "a bool (0, 1, true or false)", source),
                };
                return;
        }
        if (!long.TryParse(field.Text, NumberStyles.AllowLeadingSign, ic, out long v))
            throw Bad(field, $"an integer of {tensor.Type}", source);
        var (min, max) = tensor.Type.IntegerRange();
        if (v < min || v > max)
            throw new DataFormatException(source, $"line {field.Line}: {v} is outside the range of {tensor.Type} [{min}, {max}]");
        switch (tensor.Type)
        {
            case DataType.Int8: span[index] = (byte)(sbyte)v; break;
            case DataType.UInt8: span[index] = (byte)v; break;
            case DataType.Int16: MemoryMarshal.Cast<byte, short>(span)[index] = (short)v; break;
            case DataType.Int32: MemoryMarshal.Cast<byte, int>(span)[index] = (int)v; break;
            default: MemoryMarshal.Cast<byte, long>(span)[index] = v; break;
        }
    }

    private static DataFormatException Bad(Field field, string expected, string source) =>
        new(source, $"line {field.Line}: '{field.Text}' is not {expected}");
}
