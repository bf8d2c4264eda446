using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>Binds TFLite RELU, RELU6 and RELU_N1_TO_1 on int8 or int16 data (TFLite's ReluX with requantization).</summary>
internal sealed class ReluIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly QuantizedMultiplier _multiplier;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly int _min;
    private readonly int _max;

    public ReluIntegerKernel(KernelContext c, float lower, float upper)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        _multiplier = IntegerBinding.Guard(c, () => QuantizedMultiplier.FromDouble((double)input.Scale / output.Scale));
        var (typeMin, typeMax) = _type.IntegerRange();
        (_min, _max) = ReluInteger.Bounds(lower, upper, output.Scale, output.ZeroPoint, (int)typeMin, (int)typeMax);
        (_inputZeroPoint, _outputZeroPoint) = (input.ZeroPoint, output.ZeroPoint);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8)
            ReluInteger.ReluX(inputs[0]!.AsSpan<sbyte>(), _inputZeroPoint, _multiplier, _outputZeroPoint, _min, _max, outputs[0].AsSpan<sbyte>());
        else
            ReluInteger.ReluX(inputs[0]!.AsSpan<short>(), _inputZeroPoint, _multiplier, _outputZeroPoint, _min, _max, outputs[0].AsSpan<short>());
    }
}
