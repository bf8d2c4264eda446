using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Bind-time checks and parameter preparation shared by the integer TFLite kernels. Every problem
/// with quantization parameters becomes a <see cref="QuantizationParameterException"/> naming the
/// tensor, so a bad model fails at session creation instead of computing a wrong answer.
/// </summary>
internal static class IntegerBinding
{
    /// <summary>The name of input <paramref name="index"/> (or a placeholder for an absent one).</summary>
    public static string InputName(KernelContext c, int index) => c.Node.InputOrNull(index)?.Name ?? $"{c.Node.Name}:input{index}";

    /// <summary>The name of output <paramref name="index"/>.</summary>
    public static string OutputName(KernelContext c, int index = 0) => c.Node.Outputs[index].Name;

    /// <summary>Per-tensor parameters of an activation input, validated for its type.</summary>
    public static QuantParams InputActivation(KernelContext c, int index) => Activation(InputName(c, index), c.Input(index));

    /// <summary>Per-tensor parameters of an output, validated for its type.</summary>
    /// <remarks><paramref name="allowInt16ZeroPoint"/> admits int8 SOFTMAX's int16 output (zero point −32768).</remarks>
    public static QuantParams OutputActivation(KernelContext c, int index = 0, bool allowInt16ZeroPoint = false) =>
        Activation(OutputName(c, index), c.Outputs[index], allowInt16ZeroPoint);

    private static QuantParams Activation(string name, ValueInfo info, bool allowInt16ZeroPoint = false)
    {
        var q = info.Quant ?? throw new QuantizationParameterException(name, $"this {info.Type} activation has no quantization parameters");
        if (q.Count != 1)
            throw new QuantizationParameterException(name, $"activations must be quantized per tensor, found {q.Count} scales along axis {q.Axis}");
        q.Validate(name, info.Type, info.Shape);
        if (info.Type == DataType.Int16 && q.ZeroPoint != 0 && !allowInt16ZeroPoint)
            throw new QuantizationParameterException(name, $"int16 activations need zero point 0 (TFLite's 16x8 scheme), found {q.ZeroPoint}");
        return q;
    }

    /// <summary>Requires input <paramref name="index"/> to have <paramref name="type"/>.</summary>
    public static void ExpectType(KernelContext c, int index, DataType type)
    {
        var actual = c.Input(index).Type;
        if (actual != type) throw c.Unsupported($"input {index} '{InputName(c, index)}' is {actual}; this kernel needs {type}");
    }

    /// <summary>Requires the output to have <paramref name="type"/>.</summary>
    public static void ExpectOutputType(KernelContext c, DataType type)
    {
        if (c.Outputs[0].Type != type) throw c.Unsupported($"output '{OutputName(c)}' is {c.Outputs[0].Type}; this kernel produces {type}");
    }

    /// <summary>
    /// Parameters of int8 weights: per tensor, or one scale per index of <paramref name="axis"/>
    /// (<paramref name="channels"/> of them); zero points 0 unless <paramref name="allowZeroPoint"/>
    /// (per-tensor FULLY_CONNECTED weights, which TFLite offsets for backward compatibility).
    /// </summary>
    public static QuantParams Weights(KernelContext c, int index, int axis, int channels, bool allowZeroPoint = false)
    {
        string name = InputName(c, index);
        var info = c.Input(index);
        if (info.Type != DataType.Int8) throw c.Unsupported($"weights '{name}' are {info.Type}; integer kernels need int8 weights");
        var q = info.Quant ?? throw new QuantizationParameterException(name, "int8 weights have no quantization parameters");
        q.Validate(name, DataType.Int8, info.Shape);
        if (q.Count != 1 && q.Count != channels)
            throw new QuantizationParameterException(name, $"{q.Count} scales for {channels} output channels (expected 1 or {channels})");
        if (q.Count > 1 && q.Axis != axis)
            throw new QuantizationParameterException(name, $"per-channel scales must be along axis {axis}, found axis {q.Axis}");
        bool perTensor = q.Count == 1;
        for (int i = 0; i < q.Count; i++)
        {
            if (q.ZeroPoints[i] != 0 && !(allowZeroPoint && perTensor))
                throw new QuantizationParameterException(name, $"weights must be symmetric (zero point 0), found zero point {q.ZeroPoints[i]} at index {i}");
        }
        return q;
    }

    /// <summary>
    /// Checks an optional bias: int32 for int8 activations; int64 (or int32, as TFLite Micro allows)
    /// for int16 activations; one value per output channel.
    /// </summary>
    public static DataType Bias(KernelContext c, int index, DataType activationType, int channels, bool allowInt16 = false)
    {
        if (!c.HasInput(index)) return DataType.Undefined;
        string name = InputName(c, index);
        var info = c.Input(index);
        bool ok = activationType == DataType.Int8
            ? info.Type == DataType.Int32
            : info.Type is DataType.Int64 or DataType.Int32 || (allowInt16 && info.Type == DataType.Int16);
        if (!ok)
        {
            string expected = activationType == DataType.Int8 ? "int32" : "int64 (or int32)";
            throw new QuantizationParameterException(name, $"the bias of {activationType} activations must be {expected}, found {info.Type}");
        }
        if (info.Shape is not null && info.Shape.ElementCount != channels)
            throw c.Invalid($"bias '{name}' has {info.Shape.ElementCount} values for {channels} output channels");
        return info.Type;
    }

    /// <summary>
    /// Per output channel, the multiplier s_in·s_w[c]/s_out (TFLite's
    /// PopulateConvolutionQuantizationParams, in double).
    /// </summary>
    public static QuantizedMultiplier[] ChannelMultipliers(QuantParams input, QuantParams weights, QuantParams output, int channels)
    {
        var result = new QuantizedMultiplier[channels];
        for (int ch = 0; ch < channels; ch++)
            result[ch] = QuantizedMultiplier.FromDouble((double)input.Scale * weights.ScaleAt(ch) / output.Scale);
        return result;
    }

    /// <summary>
    /// Checks the Quanta-only <c>quanta_requantization</c> attribute of a lowered ONNX op
    /// (<see cref="NhwcQuantizedLowering"/>): absent (TFLite's fixed point), or <c>fp32</c> when
    /// <paramref name="fp32Allowed"/> (only the optimized int8 kernels implement that output stage).
    /// </summary>
    public static void CheckRequantization(KernelContext c, bool fp32Allowed)
    {
        if (!c.Attributes.Contains(NhwcQuantizedLowering.RequantizationAttribute)) return;
        string value = c.Attributes.GetString(NhwcQuantizedLowering.RequantizationAttribute, "");
        if (value != NhwcQuantizedLowering.Fp32Requantization)
            throw c.Unsupported($"unknown {NhwcQuantizedLowering.RequantizationAttribute} '{value}'");
        if (!fp32Allowed)
            throw c.Unsupported($"{NhwcQuantizedLowering.RequantizationAttribute} = {value} runs only on the optimized int8 kernels");
    }

    /// <summary>The node's <c>fused_activation_function</c> (NONE when absent).</summary>
    public static FusedActivation FusedActivation(KernelContext c)
    {
        string name = c.Attributes.GetString("fused_activation_function", "NONE");
        try
        {
            return FusedActivations.Parse(name);
        }
        catch (ArgumentException)
        {
            throw c.Unsupported($"unknown fused_activation_function '{name}'");
        }
    }

    /// <summary>The output clamp range: the fused activation quantized on the output, within the type.</summary>
    public static (int Min, int Max) ActivationRange(KernelContext c, QuantParams output, DataType type)
    {
        var activation = FusedActivation(c);
        var (min, max) = type.IntegerRange();
        if (activation is Kernels.FusedActivation.Tanh or Kernels.FusedActivation.SignBit)
            throw c.Unsupported($"fused activation {activation} on a quantized output is not supported");
        return Quantization.ActivationRange(activation, output.Scale, output.ZeroPoint, (int)min, (int)max);
    }

    /// <summary>An integer attribute that must fit int32 and be at least <paramref name="min"/>.</summary>
    public static int IntAttribute(KernelContext c, string name, int defaultValue, int min = 1)
    {
        long v = c.Attributes.GetInt(name, defaultValue);
        if (v < min || v > int.MaxValue) throw c.Invalid($"attribute {name} = {v} must be at least {min}");
        return (int)v;
    }

    /// <summary>Requires a rank.</summary>
    public static Shape RankedShape(KernelContext c, Shape shape, int rank, string what)
    {
        if (shape.Rank != rank) throw c.Invalid($"{what} has shape {shape}; expected rank {rank}");
        return shape;
    }

    /// <summary>
    /// The window of a CONV_2D-like op over NHWC <paramref name="input"/> producing
    /// <paramref name="output"/>: strides, dilations and TFLite's padding, checked against the
    /// output shape the plan inferred.
    /// </summary>
    public static ConvWindow Window(KernelContext c, Shape input, Shape output, int filterHeight, int filterWidth, bool dilated)
    {
        RankedShape(c, input, 4, "the input");
        RankedShape(c, output, 4, "the output");
        var options = TfliteWindowOptions.Read(c.Node);
        if (!dilated) options = options with { DilationH = 1, DilationW = 1 };
        var vertical = options.Vertical(c.Node, input[1], filterHeight);
        var horizontal = options.Horizontal(c.Node, input[2], filterWidth);
        if (vertical.OutputSize != output[1] || horizontal.OutputSize != output[2] || input[0] != output[0])
            throw c.Invalid($"output shape {output} does not match TFLite's window arithmetic ({vertical.OutputSize}×{horizontal.OutputSize} for input {input})");
        return new ConvWindow(input[0], input[1], input[2], input[3], output[1], output[2], output[3],
            filterHeight, filterWidth, options.StrideH, options.StrideW, vertical.Dilation, horizontal.Dilation, vertical.PadBegin, horizontal.PadBegin);
    }

    /// <summary>Wraps an arithmetic precondition failure (a multiplier out of range) as a parameter error on the output.</summary>
    public static T Guard<T>(KernelContext c, Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (ArgumentException e)
        {
            throw new QuantizationParameterException(OutputName(c), $"{c.Node.OpType} '{c.Node.Name}': the scales give an unsupported rescaling ({e.Message})");
        }
    }
}
