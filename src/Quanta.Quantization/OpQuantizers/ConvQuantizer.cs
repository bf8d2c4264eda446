using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Conv (weights OIHW: output channels on axis 0) and ConvTranspose with one group
/// (weights [C_in, C_out, kH, kW]: output channels on axis 1).</summary>
internal sealed class ConvQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        bool transpose = node.OpType == "ConvTranspose";
        if (transpose && node.Attributes.GetInt("group", 1) != 1)
            return OpQuantization.Cannot("a grouped ConvTranspose has no per-output-channel weight axis");
        if (node.InputOrNull(1) is not { Constant.Type: DataType.Float32 })
            return OpQuantization.Cannot("its weights are not a float32 constant");
        var bias = node.InputOrNull(2);
        if (bias is not null && bias.Constant is not { Type: DataType.Float32, Shape.Rank: 1 })
            return OpQuantization.Cannot("its bias is not a 1-D float32 constant");
        var weight = InputRule.Weight(transpose ? 1 : 0);
        if (context.WeightsOnly)
            return new(Rules(node, InputRule.Keep, weight, InputRule.Keep), [OutputRule.Float]);
        return new(Rules(node, InputRule.Activation, weight, InputRule.Bias(0, 1)), [OutputRule.Observed]);
    }

    internal static InputRule[] Rules(Node node, params InputRule[] rules) => rules.Take(node.Inputs.Count)
        .Select((r, i) => node.Inputs[i] is null ? InputRule.Keep : r).ToArray();
}

/// <summary>Gemm in fully-connected form (see <see cref="FullyConnectedRecognition"/>): constant
/// B, transA = 0, alpha = beta = 1, and a 1-D bias or none.</summary>
internal sealed class GemmQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        var a = node.Attributes;
        if (a.GetInt("transA", 0) != 0 || a.GetFloat("alpha", 1f) != 1f || a.GetFloat("beta", 1f) != 1f)
            return OpQuantization.Cannot("only Gemm in fully-connected form (transA = 0, alpha = beta = 1) is quantized");
        if (node.InputOrNull(1) is not { Constant: { Type: DataType.Float32, Shape.Rank: 2 } })
            return OpQuantization.Cannot("its B input is not a 2-D float32 constant");
        var bias = node.InputOrNull(2);
        if (bias is not null && bias.Constant is not { Type: DataType.Float32, Shape.Rank: 1 })
            return OpQuantization.Cannot("its C input is not a 1-D float32 constant");
        var weight = InputRule.Weight(a.GetInt("transB", 0) != 0 ? 0 : 1);
        if (context.WeightsOnly)
            return new(ConvQuantizer.Rules(node, InputRule.Keep, weight, InputRule.Keep), [OutputRule.Float]);
        return new(ConvQuantizer.Rules(node, InputRule.Activation, weight, InputRule.Bias(0, 1)), [OutputRule.Observed]);
    }
}

/// <summary>MatMul: with a constant 2-D B, B is weights [K, N] (output channels on axis 1);
/// otherwise both operands are activations.</summary>
internal sealed class MatMulQuantizer : IOpQuantizer
{
    public OpQuantization Quantize(Node node, OpQuantizationContext context)
    {
        bool constantB = node.InputOrNull(1) is { Constant: { Type: DataType.Float32, Shape.Rank: 2 } };
        if (context.WeightsOnly)
        {
            return constantB ? new([InputRule.Keep, InputRule.Weight(1)], [OutputRule.Float])
                : OpQuantization.Cannot("it has no constant weights");
        }
        return new([InputRule.Activation, constantB ? InputRule.Weight(1) : InputRule.Activation], [OutputRule.Observed]);
    }
}
