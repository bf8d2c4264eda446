namespace Quanta.Core;

/// <summary>
/// Type rules shared by the schemas of ONNX's quantized operators: which input decides the output
/// type, and the errors for a zero point of the wrong type (a <see cref="QuantizationParameterException"/>
/// naming the tensor, since the parameters are what is wrong).
/// </summary>
internal static class QLinearTypes
{
    /// <summary>int8 and uint8, the types of every QLinear* operand.</summary>
    public static readonly DataType[] EightBit = [DataType.Int8, DataType.UInt8];

    /// <summary>The name of input <paramref name="index"/>, or "node:inputN" for an absent one.</summary>
    public static string InputName(InferenceContext context, int index) =>
        context.Node.InputOrNull(index)?.Name ?? $"{context.Node.Name}:input{index}";

    /// <summary>
    /// The type of zero-point input <paramref name="index"/>, or <paramref name="absent"/> when the
    /// input is absent or its type not known yet.
    /// </summary>
    /// <exception cref="QuantizationParameterException">The zero point has a type outside <paramref name="allowed"/>.</exception>
    public static DataType ZeroPointType(InferenceContext context, int index, DataType absent, DataType[] allowed)
    {
        if (!context.HasInput(index)) return absent;
        var type = context.Input(index).Type;
        if (type == DataType.Undefined) return absent;
        if (Array.IndexOf(allowed, type) < 0)
            throw new QuantizationParameterException(InputName(context, index),
                $"{context.Node.OpType} '{context.Node.Name}': the zero point is {type}; it must be {string.Join(" or ", allowed)}");
        return type;
    }

    /// <summary>Requires data input <paramref name="index"/> to be int8 or uint8 (when its type is known).</summary>
    public static void ExpectEightBit(InferenceContext context, int index) => context.ExpectType(index, EightBit);
}
