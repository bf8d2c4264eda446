using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>How an op quantizer wants one input treated.</summary>
public enum InputKind
{
    /// <summary>Not quantized (shapes, axes, Clip bounds, Pad value…).</summary>
    Keep,
    /// <summary>A quantized activation (or a constant operand quantized like one, from its own range).</summary>
    Activation,
    /// <summary>Constant weights, symmetric int8, per channel along <see cref="InputRule.Axis"/> when per-channel is on.</summary>
    Weight,
    /// <summary>Constant bias, scale = scale(<see cref="InputRule.DataInput"/>) × scale(<see cref="InputRule.WeightInput"/>)[c].</summary>
    Bias,
}

/// <summary>The treatment of one input.</summary>
/// <param name="Kind">What the input is.</param>
/// <param name="Axis">The output-channel axis of weights.</param>
/// <param name="DataInput">For a bias: the input whose scale it multiplies.</param>
/// <param name="WeightInput">For a bias: the weight input.</param>
public sealed record InputRule(InputKind Kind, int Axis = 0, int DataInput = 0, int WeightInput = 1)
{
    /// <summary>Not quantized.</summary>
    public static InputRule Keep { get; } = new(InputKind.Keep);

    /// <summary>A quantized activation.</summary>
    public static InputRule Activation { get; } = new(InputKind.Activation);

    /// <summary>Weights with output channels along <paramref name="axis"/>.</summary>
    public static InputRule Weight(int axis) => new(InputKind.Weight, axis);

    /// <summary>A bias for data input <paramref name="dataInput"/> and weight input <paramref name="weightInput"/>.</summary>
    public static InputRule Bias(int dataInput, int weightInput) => new(InputKind.Bias, 0, dataInput, weightInput);
}

/// <summary>How an output's parameters are chosen.</summary>
public enum OutputKind
{
    /// <summary>From its own calibrated range.</summary>
    Observed,
    /// <summary>The same parameters as input <see cref="OutputRule.Input"/> (ops that only move data).</summary>
    SameAsInput,
    /// <summary>Fixed by the op (TFLite's Softmax/Logistic/Tanh output parameters).</summary>
    Fixed,
    /// <summary>Stays float (weight-only modes).</summary>
    Float,
}

/// <summary>The treatment of one output.</summary>
/// <param name="Kind">How its parameters are chosen.</param>
/// <param name="Input">For <see cref="OutputKind.SameAsInput"/>: which input.</param>
/// <param name="Int8">For <see cref="OutputKind.Fixed"/>: the int8 parameters.</param>
/// <param name="Int16">For <see cref="OutputKind.Fixed"/>: the int16 parameters.</param>
public sealed record OutputRule(OutputKind Kind, int Input = 0, QuantParams? Int8 = null, QuantParams? Int16 = null)
{
    /// <summary>From the output's calibrated range.</summary>
    public static OutputRule Observed { get; } = new(OutputKind.Observed);

    /// <summary>Stays float.</summary>
    public static OutputRule Float { get; } = new(OutputKind.Float);

    /// <summary>The parameters of input <paramref name="input"/>.</summary>
    public static OutputRule SameAs(int input) => new(OutputKind.SameAsInput, input);

    /// <summary>Fixed parameters.</summary>
    public static OutputRule FixedAt(QuantParams int8, QuantParams int16) => new(OutputKind.Fixed, 0, int8, int16);
}

/// <summary>An op quantizer's answer for one node: a rule per input and output, or why the
/// node cannot be quantized. Quantizers only describe; the <see cref="Quantizer"/> applies.</summary>
/// <param name="Inputs">One rule per input slot.</param>
/// <param name="Outputs">One rule per output.</param>
/// <param name="Unsupported">Why the node cannot be quantized, or null.</param>
public sealed record OpQuantization(IReadOnlyList<InputRule> Inputs, IReadOnlyList<OutputRule> Outputs, string? Unsupported = null)
{
    /// <summary>A node that cannot be quantized, and why.</summary>
    public static OpQuantization Cannot(string reason) => new([], [], reason);

    /// <summary>A node whose first input and output are activations and whose other inputs are kept.</summary>
    public static OpQuantization Unary(Node node, OutputRule output)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new([InputRule.Activation, .. Enumerable.Repeat(InputRule.Keep, node.Inputs.Count - 1)], [output, .. Enumerable.Repeat(OutputRule.Float, node.Outputs.Count - 1)]);
    }
}

/// <summary>What an op quantizer may look at.</summary>
/// <param name="Mode">The quantization mode.</param>
/// <param name="Graph">The prepared float graph (read only).</param>
public sealed record OpQuantizationContext(QuantizationMode Mode, Graph Graph)
{
    /// <summary>True in the weight-only modes (dynamic, float16).</summary>
    public bool WeightsOnly => Mode is QuantizationMode.Dynamic or QuantizationMode.Float16;
}

/// <summary>Quantizes one op type.</summary>
public interface IOpQuantizer
{
    /// <summary>The rules for <paramref name="node"/>.</summary>
    OpQuantization Quantize(Node node, OpQuantizationContext context);
}
