using System.Collections;

namespace Quanta.Core;

/// <summary>
/// A node's attributes by name, with typed accessors that name the node and attribute in their
/// errors. Missing attributes fall back to the caller's default (the op's schema default).
/// </summary>
public sealed class AttributeMap : IEnumerable<KeyValuePair<string, AttributeValue>>
{
    private readonly Dictionary<string, AttributeValue> _values = new(StringComparer.Ordinal);

    /// <summary>The node that owns the attributes, named in error messages.</summary>
    internal string Owner { get; set; } = "";

    /// <summary>Number of attributes.</summary>
    public int Count => _values.Count;

    /// <summary>True when the attribute is present.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>Sets or replaces an attribute.</summary>
    public void Set(string name, AttributeValue value) => _values[name] = value;

    /// <summary>Sets an integer attribute.</summary>
    public void Set(string name, long value) => _values[name] = AttributeValue.Of(value);

    /// <summary>Sets a float attribute.</summary>
    public void Set(string name, float value) => _values[name] = AttributeValue.Of(value);

    /// <summary>Sets a string attribute.</summary>
    public void Set(string name, string value) => _values[name] = AttributeValue.Of(value);

    /// <summary>Sets an integer-list attribute.</summary>
    public void Set(string name, long[] value) => _values[name] = AttributeValue.Of(value);

    /// <summary>Sets a float-list attribute.</summary>
    public void Set(string name, float[] value) => _values[name] = AttributeValue.Of(value);

    /// <summary>Removes an attribute; returns whether it was present.</summary>
    public bool Remove(string name) => _values.Remove(name);

    /// <summary>The raw attribute value, or null.</summary>
    public AttributeValue? Find(string name) => _values.GetValueOrDefault(name);

    /// <summary>An integer attribute, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="GraphValidationException">The attribute has another kind.</exception>
    public long GetInt(string name, long defaultValue) => Get(name, AttributeKind.Int, defaultValue);

    /// <summary>A required integer attribute.</summary>
    /// <exception cref="GraphValidationException">Absent or of another kind.</exception>
    public long GetInt(string name) => Require<long>(name, AttributeKind.Int);

    /// <summary>A float attribute, or <paramref name="defaultValue"/> when absent.</summary>
    public float GetFloat(string name, float defaultValue)
    {
        // ONNX files sometimes store a float attribute as an int; accept both.
        var v = Find(name);
        if (v is null) return defaultValue;
        return v.Value switch
        {
            float f => f,
            long l => l,
            _ => throw KindError(name, AttributeKind.Float, v.Kind),
        };
    }

    /// <summary>A string attribute, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string name, string defaultValue) => Get(name, AttributeKind.String, defaultValue);

    /// <summary>An integer-list attribute, or null when absent.</summary>
    public long[]? GetInts(string name) => Get<long[]?>(name, AttributeKind.Ints, null);

    /// <summary>A float-list attribute, or null when absent.</summary>
    public float[]? GetFloats(string name) => Get<float[]?>(name, AttributeKind.Floats, null);

    /// <summary>A string-list attribute, or null when absent.</summary>
    public string[]? GetStrings(string name) => Get<string[]?>(name, AttributeKind.Strings, null);

    /// <summary>A tensor attribute, or null when absent.</summary>
    public Tensor? GetTensor(string name) => Get<Tensor?>(name, AttributeKind.Tensor, null);

    private T Get<T>(string name, AttributeKind kind, T defaultValue)
    {
        var v = Find(name);
        if (v is null) return defaultValue;
        if (v.Kind != kind) throw KindError(name, kind, v.Kind);
        return (T)v.Value;
    }

    private T Require<T>(string name, AttributeKind kind)
    {
        var v = Find(name) ?? throw new GraphValidationException($"node '{Owner}': required attribute '{name}' is missing");
        if (v.Kind != kind) throw KindError(name, kind, v.Kind);
        return (T)v.Value;
    }

    private GraphValidationException KindError(string name, AttributeKind expected, AttributeKind actual) =>
        new($"node '{Owner}': attribute '{name}' should be {expected}, but is {actual}");

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, AttributeValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
