using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>The planner's working state for one node: its decision and its op quantizer's rules.</summary>
internal sealed class NodeRules(Node node, NodeStatus status, OpQuantization? rules)
{
    public Node Node { get; } = node;

    public NodeStatus Status { get; } = status;

    public OpQuantization? Rules { get; } = rules;

    /// <summary>The Relu/Clip whose output this node writes directly, or null.</summary>
    public Node? FusedActivation { get; set; }

    /// <summary>True when this node is an activation fused into its producer.</summary>
    public bool IsFusedActivation { get; set; }

    public bool Quantized => Status == NodeStatus.Quantized;

    public InputRule InputRule(int i) => Rules is { } r && i < r.Inputs.Count ? r.Inputs[i] : Quantization.InputRule.Keep;

    public OutputRule OutputRule(int i) => Rules is { } r && i < r.Outputs.Count ? r.Outputs[i] : Quantization.OutputRule.Float;
}
