using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite PAD/PADV2 on int8 data to <see cref="X8ConstantPad"/> after the reference binding
/// (<see cref="PadIntegerKernel"/>) has validated the node and chosen the pad value.
/// </summary>
internal sealed class PadOptimizedKernel : IKernel
{
    private readonly X8ConstantPad _pad;
    private readonly byte _value;

    private PadOptimizedKernel(X8ConstantPad pad, byte value)
    {
        _pad = pad;
        _value = value;
    }

    public static IKernel Create(KernelContext c)
    {
        var reference = new PadIntegerKernel(c);
        if (c.Input(0).Type != DataType.Int8) return reference;
        var (inputDims, before, outputDims, value) = reference.Parameters;
        return new PadOptimizedKernel(new X8ConstantPad(inputDims, before, outputDims), unchecked((byte)value));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) => _pad.Run(inputs[0]!.Bytes, outputs[0].Bytes, _value);
}
