using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite LOGISTIC and TANH: int8 through gemmlowp's fixed-point functions (output fixed at
/// 1/256, −128 for LOGISTIC and 1/128, 0 for TANH), int16 through the sigmoid table (zero points 0,
/// output scale 2^−15).
/// </summary>
internal sealed class SigmoidIntegerKernel : IKernel
{
    private readonly bool _tanh;
    private readonly DataType _type;
    private readonly SigmoidInt8Params _int8;
    private readonly SigmoidInt16Params _int16;

    public SigmoidIntegerKernel(KernelContext c, bool tanh)
    {
        _tanh = tanh;
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        string name = IntegerBinding.OutputName(c);
        if (_type == DataType.Int8)
        {
            var (scale, zp) = tanh ? (1f / 128, 0) : (1f / 256, -128);
            if (output.Scale != scale || output.ZeroPoint != zp)
                throw new QuantizationParameterException(name, $"{c.Node.OpType}'s int8 output must have scale {scale} and zero point {zp}, found {output}");
            _int8 = SigmoidInt8Params.Create(input.Scale, input.ZeroPoint);
        }
        else
        {
            if (!Requantize.CheckedLog2(output.Scale, out int log2) || log2 != -15)
                throw new QuantizationParameterException(name, $"{c.Node.OpType}'s int16 output must have scale 2^-15, found {output}");
            _int16 = SigmoidInt16Params.Create(input.Scale, tanh);
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8)
        {
            if (_tanh) TanhInteger.Int8(inputs[0]!.AsSpan<sbyte>(), _int8, outputs[0].AsSpan<sbyte>());
            else LogisticInteger.Int8(inputs[0]!.AsSpan<sbyte>(), _int8, outputs[0].AsSpan<sbyte>());
        }
        else
        {
            if (_tanh) TanhInteger.Int16(inputs[0]!.AsSpan<short>(), _int16, outputs[0].AsSpan<short>());
            else LogisticInteger.Int16(inputs[0]!.AsSpan<short>(), _int16, outputs[0].AsSpan<short>());
        }
    }
}
