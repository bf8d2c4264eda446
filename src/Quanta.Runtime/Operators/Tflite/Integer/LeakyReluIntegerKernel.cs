using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>Binds TFLite LEAKY_RELU on int8 or int16 data (input and output may differ in scale).</summary>
internal sealed class LeakyReluIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly QuantizedMultiplier _identity;
    private readonly QuantizedMultiplier _alpha;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;

    public LeakyReluIntegerKernel(KernelContext c)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        float alpha = c.Attributes.GetFloat("alpha", 0.2f);
        (_identity, _alpha) = IntegerBinding.Guard(c, () => LeakyReluInteger.Multipliers(input.Scale, alpha, output.Scale));
        (_inputZeroPoint, _outputZeroPoint) = (input.ZeroPoint, output.ZeroPoint);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8)
            LeakyReluInteger.LeakyRelu(inputs[0]!.AsSpan<sbyte>(), _inputZeroPoint, _identity, _alpha, _outputZeroPoint, outputs[0].AsSpan<sbyte>());
        else
            LeakyReluInteger.LeakyRelu(inputs[0]!.AsSpan<short>(), _inputZeroPoint, _identity, _alpha, _outputZeroPoint, outputs[0].AsSpan<short>());
    }
}
