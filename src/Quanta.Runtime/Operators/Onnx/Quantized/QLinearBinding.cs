using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>Bind-time helpers shared by the ONNX quantized kernels.</summary>
internal static class QLinearBinding
{
    /// <summary>The attributes of the output clamp the QDQ fusion sets (see <see cref="QLinearConvSchema"/>).</summary>
    public const string OutputMin = "quanta_output_min", OutputMax = "quanta_output_max";

    /// <summary>The name of input <paramref name="index"/>, or "node:role" when it is absent.</summary>
    public static string InputName(KernelContext c, int index, string role) => c.Node.InputOrNull(index)?.Name ?? $"{c.Node.Name}:{role}";

    /// <summary>Requires input <paramref name="index"/> to be int8 or uint8; returns its type.</summary>
    public static DataType EightBit(KernelContext c, int index, string role)
    {
        var type = c.Input(index).Type;
        if (type is not (DataType.Int8 or DataType.UInt8))
            throw c.Unsupported($"{role} '{InputName(c, index, role)}' is {type}; this kernel takes int8 or uint8");
        return type;
    }

    /// <summary>
    /// The output clamp [min, max]: the range of <paramref name="type"/>, narrowed by the
    /// <see cref="OutputMin"/>/<see cref="OutputMax"/> attributes when present.
    /// </summary>
    public static (int Min, int Max) Clamp(KernelContext c, DataType type)
    {
        var (lo, hi) = type.IntegerRange();
        long min = c.Attributes.GetInt(OutputMin, lo), max = c.Attributes.GetInt(OutputMax, hi);
        if (min < lo || max > hi || min > max)
            throw c.Invalid($"output clamp [{min}, {max}] is not a range within {type} [{lo}, {hi}]");
        return ((int)min, (int)max);
    }

    /// <summary>Checks an optional int32 bias of <paramref name="length"/> values; true when present.</summary>
    /// <exception cref="QuantizationParameterException">The bias is not int32 (e.g. int8).</exception>
    public static bool Bias(KernelContext c, int index, int length)
    {
        if (!c.HasInput(index)) return false;
        string name = InputName(c, index, "bias");
        var info = c.Input(index);
        if (info.Type != DataType.Int32)
            throw new QuantizationParameterException(name, $"{c.Node.OpType} '{c.Node.Name}': the bias is {info.Type}; it must be int32 (scale = input scale · weight scale)");
        if (info.Shape!.ElementCount != length || info.Shape.Rank != 1)
            throw c.Invalid($"bias '{name}' has shape {info.Shape}; expected [{length}]");
        return true;
    }
}
