using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>A model input or output as the session presents it.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Type">Its element type.</param>
/// <param name="Shape">Its declared shape; <see cref="Shape.Unknown"/> marks a dynamic dimension.</param>
/// <param name="Quant">Its quantization parameters, when quantized.</param>
public sealed record TensorInfo(string Name, DataType Type, Shape? Shape, QuantParams? Quant)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Type.ShortName()}{Shape?.ToString() ?? "[?]"}" + (Quant is null ? "" : $" ({Quant})");
}

/// <summary>Time spent in one step of a profiled run.</summary>
/// <param name="NodeName">The node.</param>
/// <param name="OpType">Its op type.</param>
/// <param name="KernelName">The kernel that ran it.</param>
/// <param name="Milliseconds">Wall time of the step.</param>
public sealed record StepProfile(string NodeName, string OpType, string KernelName, double Milliseconds);
