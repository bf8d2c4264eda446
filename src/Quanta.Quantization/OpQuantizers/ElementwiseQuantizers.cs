using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Add, Sub, Mul and Concat: every data input an activation (constant operands are
/// quantized from their own range), the output from its calibrated range.</summary>
internal sealed class MultiInputQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        if (node.Inputs.Exists(i => i is null || i.Type != DataType.Float32))
            return OpQuantization.Cannot("its inputs are not all float32");
        return new(node.Inputs.Select(_ => InputRule.Activation).ToArray(), [OutputRule.Observed]);
    }
}

/// <summary>Ops that only move or select data (reshapes, transposes, max and average pooling,
/// slicing, padding with zeros…): the output shares the input's parameters, as TFLite requires,
/// so no requantization is needed.</summary>
internal sealed class DataMovementQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        if (node.InputOrNull(0) is not { Type: DataType.Float32 })
            return OpQuantization.Cannot("its data input is not float32");
        if (node.OpType == "Pad" && node.InputOrNull(2)?.Constant is { } value && value.ElementCount == 1 && value.GetDouble(0) != 0)
            return OpQuantization.Cannot("it pads with a nonzero value");
        var outputs = node.Outputs.Select((_, i) => node.OpType == "MaxPool" && i == 1 ? OutputRule.Float : OutputRule.SameAs(0)).ToArray();
        return new([InputRule.Activation, .. Enumerable.Repeat(InputRule.Keep, node.Inputs.Count - 1)], outputs);
    }
}

/// <summary>Ops whose output range differs from the input's and is calibrated: activations
/// (Relu, Clip, LeakyRelu, HardSwish, HardSigmoid) and reductions (GlobalAveragePool, ReduceMean).</summary>
internal sealed class ObservedOutputQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        if (node.InputOrNull(0) is not { Type: DataType.Float32 })
            return OpQuantization.Cannot("its data input is not float32");
        if (node.OpType == "Clip" && node.Inputs.Skip(1).Any(b => b is not null && !b.IsConstant))
            return OpQuantization.Cannot("its bounds are not constant");
        return OpQuantization.Unary(node, OutputRule.Observed);
    }
}

/// <summary>Softmax and Sigmoid (output 1/256 with zero point −128 in int8, 1/32768 in int16)
/// and Tanh (1/128, 0; int16 1/32768): TFLite fixes these output parameters.</summary>
internal sealed class FixedOutputQuantizer : IOpQuantizer
{
    private static readonly QuantParams s_unitInterval8 = new(1f / 256, -128);
    private static readonly QuantParams s_symmetric8 = new(1f / 128, 0);
    private static readonly QuantParams s_int16 = new(1f / 32768, 0);

    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        if (node.InputOrNull(0) is not { Type: DataType.Float32 })
            return OpQuantization.Cannot("its input is not float32");
        var int8 = node.OpType == "Tanh" ? s_symmetric8 : s_unitInterval8;
        return OpQuantization.Unary(node, OutputRule.FixedAt(int8, s_int16));
    }
}
