using System.Globalization;
using System.Text;
using Quanta.Core;

namespace Quanta.Data.TensorFiles;

/// <summary>
/// The header of a .npy file: a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> (NumPy's
/// <c>numpy/lib/format.py</c>). Exactly the three keys must be present, as NumPy requires.
/// </summary>
internal sealed record NpyHeader(DataType Type, bool FortranOrder, int[] Shape)
{
    /// <summary>The descr strings Quanta reads, little-endian ('&lt;') or byte-order-free ('|').
    /// '=' (native order) is accepted too: every platform .NET runs on here is little-endian.</summary>
    public static string Descr(DataType type) => type switch
    {
        DataType.Float32 => "<f4",
        DataType.Float16 => "<f2",
        DataType.Int8 => "|i1",
        DataType.UInt8 => "|u1",
        DataType.Int16 => "<i2",
        DataType.Int32 => "<i4",
        DataType.Int64 => "<i8",
        DataType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no .npy descr for this type"),
    };

    /// <summary>The header text NumPy would write for a tensor (without padding).</summary>
    public static string Format(DataType type, ReadOnlySpan<int> shape)
    {
        var dims = new StringBuilder();
        foreach (int d in shape) dims.Append(d.ToString(CultureInfo.InvariantCulture)).Append(", ");
        // NumPy writes a 1-tuple as "(5,)" and other tuples without a trailing comma.
        string tuple = shape.Length == 1 ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)" : $"({dims.ToString().TrimEnd(' ', ',')})";
        return $"{{'descr': '{Descr(type)}', 'fortran_order': False, 'shape': {tuple}, }}";
    }

    /// <summary>Parses header text.</summary>
    /// <exception cref="DataFormatException">Malformed, unsupported type, or wrong keys.</exception>
    public static NpyHeader Parse(string text, string source)
    {
        var p = new Parser(text, source);
        var dict = p.ParseDict();
        string[] required = ["descr", "fortran_order", "shape"];
        if (dict.Count != 3 || !required.All(dict.ContainsKey))
            throw new DataFormatException(source, $".npy header must have exactly the keys descr, fortran_order, shape; found {string.Join(", ", dict.Keys)}");
        if (dict["descr"] is not string descr)
            throw new DataFormatException(source, ".npy header: descr must be a string (structured dtypes are not supported)");
        if (dict["fortran_order"] is not bool fortran)
            throw new DataFormatException(source, ".npy header: fortran_order must be True or False");
        if (dict["shape"] is not List<long> shape)
            throw new DataFormatException(source, ".npy header: shape must be a tuple of integers");
        var dims = new int[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (shape[i] < 0 || shape[i] > int.MaxValue)
                throw new DataFormatException(source, $".npy header: dimension {i} is {shape[i]}");
            dims[i] = (int)shape[i];
        }
        return new NpyHeader(ParseDescr(descr, source), fortran, dims);
    }

    private static DataType ParseDescr(string descr, string source)
    {
        if (descr.Length == 3 && descr[0] == '>' && descr[2] != '1')
            throw new DataFormatException(source, $".npy dtype '{descr}' is big-endian; save it little-endian (numpy: a.astype(a.dtype.newbyteorder('<')))");
        if (descr.Length == 3 && descr[0] is '<' or '|' or '=' or '>')
        {
            // A one-byte type has no byte order; NumPy writes '|' but any prefix means the same.
            var type = descr[1..] switch
            {
                "f4" => DataType.Float32,
                "f2" => DataType.Float16,
                "i1" => DataType.Int8,
                "u1" => DataType.UInt8,
                "i2" => DataType.Int16,
                "i4" => DataType.Int32,
                "i8" => DataType.Int64,
                "b1" => DataType.Bool,
                _ => DataType.Undefined,
            };
            if (type != DataType.Undefined) return type;
        }
        throw new DataFormatException(source, $".npy dtype '{descr}' is not supported (supported: <f4 <f2 |i1 |u1 <i2 <i4 <i8 |b1)");
    }

    /// <summary>A recursive-descent reader for the subset of Python literals .npy headers use:
    /// dicts with string keys, strings, True/False, and tuples of integers (Python 2 'L' suffix allowed).</summary>
    private sealed class Parser(string text, string source)
    {
        private int _pos;

        public Dictionary<string, object> ParseDict()
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; break; }
                string key = ParseString();
                Expect(':');
                object value = ParseValue();
                if (!result.TryAdd(key, value)) throw Error($"key '{key}' appears twice");
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect('}');
                break;
            }
            SkipSpace();
            if (_pos != text.Length) throw Error($"unexpected text after the dict: '{text[_pos..].Trim()}'");
            return result;
        }

        private object ParseValue()
        {
            SkipSpace();
            char c = Peek();
            if (c is '\'' or '"') return ParseString();
            if (c == '(') return ParseTuple();
            if (Take("True")) return true;
            if (Take("False")) return false;
            throw Error($"unexpected '{(c == '\0' ? "end of header" : c.ToString())}'");
        }

        private List<long> ParseTuple()
        {
            var dims = new List<long>();
            Expect('(');
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { _pos++; return dims; }
                int start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
                if (_pos == start) throw Error("expected an integer in the shape tuple");
                if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                    throw Error($"dimension '{text[start.._pos]}' is too large");
                dims.Add(d);
                if (Peek() == 'L') _pos++;
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect(')');
                return dims;
            }
        }

        private string ParseString()
        {
            SkipSpace();
            char quote = Peek();
            if (quote is not ('\'' or '"')) throw Error("expected a quoted string");
            int end = text.IndexOf(quote, _pos + 1);
            if (end < 0) throw Error("unterminated string");
            string s = text[(_pos + 1)..end];
            _pos = end + 1;
            return s;
        }

        private bool Take(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            _pos += word.Length;
            return true;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c) throw Error($"expected '{c}'");
            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private DataFormatException Error(string problem) =>
            new(source, $"malformed .npy header at character {_pos}: {problem} (header: {text.Trim()})");
    }
}
