using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// ONNX QuantizeLinear of float32 to int8 with constant per-tensor parameters (a quantized model's
/// input) on <see cref="QS8QuantizeLinear"/>; the reference binding (<see cref="QuantizeLinearKernel"/>)
/// validates the node and takes every other case.
/// </summary>
internal sealed class QuantizeLinearOptimizedKernel : IKernel
{
    private readonly QS8QuantizeLinear _quantize;

    private QuantizeLinearOptimizedKernel(QS8QuantizeLinear quantize) => _quantize = quantize;

    /// <summary>Binds the node with vectors of at most <paramref name="maxVectorBits"/> bits.</summary>
    public static IKernel Create(KernelContext c, int maxVectorBits)
    {
        var reference = new QuantizeLinearKernel(c, dequantize: false);
        if (c.Outputs[0].Type != DataType.Int8 || c.InputData(1) is not { ElementCount: 1 } scale || c.InputData(2) is not { ElementCount: 1 } zeroPoint) return OptimizedBinding.AsReference(c, reference);
        return new QuantizeLinearOptimizedKernel(new QS8QuantizeLinear(scale.ToFloatArray()[0], (int)zeroPoint.GetInt64(0), maxVectorBits));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) => _quantize.Run(inputs[0]!.AsSpan<float>(), outputs[0].AsSpan<sbyte>());
}
