using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>Binds a TFLite MUL with int8 or int16 inputs to <see cref="MulInteger"/>.</summary>
internal sealed class MulIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly BinaryBroadcast _broadcast;
    private readonly QuantizedMultiplier _multiplier;
    private readonly int _zeroPoint1;
    private readonly int _zeroPoint2;
    private readonly int _outputZeroPoint;
    private readonly int _min;
    private readonly int _max;

    public MulIntegerKernel(KernelContext c)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectType(c, 1, _type);
        IntegerBinding.ExpectOutputType(c, _type);
        var q1 = IntegerBinding.InputActivation(c, 0);
        var q2 = IntegerBinding.InputActivation(c, 1);
        var qy = IntegerBinding.OutputActivation(c);
        (_min, _max) = IntegerBinding.ActivationRange(c, qy, _type);
        _multiplier = MulInteger.Multiplier(q1.Scale, q2.Scale, qy.Scale);
        (_zeroPoint1, _zeroPoint2, _outputZeroPoint) = (q1.ZeroPoint, q2.ZeroPoint, qy.ZeroPoint);
        _broadcast = new BinaryBroadcast(c);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8)
        {
            MulInteger.Elementwise(inputs[0]!.AsSpan<sbyte>(), _broadcast.A, _zeroPoint1, inputs[1]!.AsSpan<sbyte>(), _broadcast.B, _zeroPoint2,
                _multiplier, _outputZeroPoint, _min, _max, outputs[0].AsSpan<sbyte>());
        }
        else
        {
            MulInteger.Elementwise(inputs[0]!.AsSpan<short>(), _broadcast.A, _zeroPoint1, inputs[1]!.AsSpan<short>(), _broadcast.B, _zeroPoint2,
                _multiplier, _outputZeroPoint, _min, _max, outputs[0].AsSpan<short>());
        }
    }
}
