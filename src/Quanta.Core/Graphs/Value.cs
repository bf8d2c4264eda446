namespace Quanta.Core;

/// <summary>
/// A named tensor value in a graph: a graph input, a constant (initializer), or a node's output.
/// Type and shape may be partly unknown until shape inference runs.
/// </summary>
public sealed class Value
{
    internal Value(string name, DataType type, Shape? shape)
    {
        Name = name;
        Type = type;
        Shape = shape;
    }

    /// <summary>The value's name, unique in its graph.</summary>
    public string Name { get; internal set; }

    /// <summary>The element type (<see cref="DataType.Undefined"/> until inferred).</summary>
    public DataType Type { get; set; }

    /// <summary>The shape, with <see cref="Shape.Unknown"/> dimensions; null when even the rank is unknown.</summary>
    public Shape? Shape { get; set; }

    /// <summary>Names of symbolic dimensions (e.g. "batch"), parallel to <see cref="Shape"/>, or null.</summary>
    public IReadOnlyList<string?>? DimNames { get; set; }

    /// <summary>Quantization parameters when the value holds quantized integers.</summary>
    public QuantParams? Quant { get; set; }

    /// <summary>The constant data when this value is an initializer; null otherwise.</summary>
    public Tensor? Constant { get; set; }

    /// <summary>True when the value is a constant (initializer).</summary>
    public bool IsConstant => Constant is not null;

    /// <summary>The node that produces this value, or null for graph inputs and constants.</summary>
    public Node? Producer { get; internal set; }

    /// <summary>Formats as <c>name: f32[1,3,224,224]</c>.</summary>
    public override string ToString() => $"{Name}: {Type.ShortName()}{Shape?.ToString() ?? "[?]"}";
}
