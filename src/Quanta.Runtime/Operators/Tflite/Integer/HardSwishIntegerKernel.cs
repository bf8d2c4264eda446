using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds TFLite HARD_SWISH on int8 data to <see cref="HardSwishInteger.Int8"/>.</summary>
internal sealed class HardSwishIntegerKernel : IKernel
{
    private readonly HardSwishParams _params;

    public HardSwishIntegerKernel(KernelContext c)
    {
        IntegerBinding.ExpectOutputType(c, DataType.Int8);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        _params = IntegerBinding.Guard(c, () => HardSwishParams.Create(input.Scale, input.ZeroPoint, output.Scale, output.ZeroPoint));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        HardSwishInteger.Int8(inputs[0]!.AsSpan<sbyte>(), _params, outputs[0].AsSpan<sbyte>());
}
