using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>What a tensor is, for quantization.</summary>
public enum TensorRole
{
    /// <summary>A value computed at run time (or a constant operand of an element-wise op).</summary>
    Activation,
    /// <summary>A weight tensor (Conv/Gemm/MatMul constant operand).</summary>
    Weight,
    /// <summary>A bias: integer with scale input_scale × weight_scale[c] and zero point 0.</summary>
    Bias,
}

/// <summary>How one value of the prepared float graph is stored once quantized.</summary>
/// <param name="Value">The value's name in <see cref="QuantizationResult.FloatModel"/>.</param>
/// <param name="Type">The stored element type (Int8, Int16, Int32, Int64, or Float16).</param>
/// <param name="Params">Scale(s) and zero point(s); per-axis parameters use the axis of the
/// value's ONNX layout (Conv weights OIHW: axis 0; fully-connected weights [out, in]: axis 0).
/// Null for <see cref="DataType.Float16"/>.</param>
/// <param name="Role">Activation, weight or bias.</param>
/// <param name="Range">The real range the parameters cover (activations), or null.</param>
public sealed record ValueQuantization(string Value, DataType Type, QuantParams? Params, TensorRole Role, TensorRange? Range = null);

/// <summary>Whether a node runs quantized, and why not when it does not.</summary>
public enum NodeStatus
{
    /// <summary>Runs on quantized inputs and outputs.</summary>
    Quantized,
    /// <summary>Left in float because the options exclude it.</summary>
    Excluded,
    /// <summary>Left in float because the mode does not touch it (dynamic and float16 modes
    /// quantize weights only).</summary>
    Float,
}

/// <summary>The decision for one node.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="OpType">Its op type.</param>
/// <param name="Status">Quantized or float.</param>
/// <param name="FusedActivation">The name of the Relu/Clip node whose output this node writes
/// directly (the activation is applied by the quantized output's clamp), or null.</param>
public sealed record NodeDecision(string Node, string OpType, NodeStatus Status, string? FusedActivation = null);
