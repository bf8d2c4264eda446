namespace Quanta.Core;

/// <summary>
/// What shape inference knows about a value: its type, its shape (possibly partly unknown),
/// its quantization parameters, and its contents when they are known before running
/// (constants, and values folded from them, such as the output of <c>Shape</c>).
/// </summary>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Shape, or null when the rank is unknown.</param>
/// <param name="Quant">Quantization parameters, when quantized.</param>
/// <param name="Data">The contents, when known.</param>
public sealed record ValueInfo(DataType Type, Shape? Shape, QuantParams? Quant = null, Tensor? Data = null)
{
    /// <summary>The info of a graph value as it stands.</summary>
    public static ValueInfo Of(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Type, value.Shape, value.Quant, value.Constant);
    }

    /// <summary>The info of a tensor whose contents are known.</summary>
    public static ValueInfo Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new(tensor.Type, tensor.Shape, tensor.Quant, tensor);
    }

    /// <summary>Rank, or −1 when unknown.</summary>
    public int Rank => Shape?.Rank ?? -1;
}
