using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite SOFTMAX along the last axis: int8 → int8 (output 1/256, −128), int8 → int16
/// (1/65536, −32768) and int16 → int16 (1/32768, 0), each checked as TFLite Micro's Prepare does.
/// </summary>
internal sealed class SoftmaxIntegerKernel : IKernel
{
    private readonly DataType _from;
    private readonly DataType _to;
    private readonly int _depth;
    private readonly SoftmaxInt8Params _int8;
    private readonly SoftmaxInt16Params? _int16;

    public SoftmaxIntegerKernel(KernelContext c)
    {
        _from = c.Input(0).Type;
        _to = c.Outputs[0].Type;
        var shape = c.InputShape(0);
        if (shape.Rank < 1) throw c.Invalid("SOFTMAX needs an input of rank ≥ 1");
        _depth = shape[^1];
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c, allowInt16ZeroPoint: _from == DataType.Int8);
        float beta = c.Attributes.GetFloat("beta", 1f);
        string name = IntegerBinding.OutputName(c);
        if (_from == DataType.Int16)
        {
            IntegerBinding.ExpectOutputType(c, DataType.Int16);
            RequireOutput(name, output, 1f / 32768, 0, tolerance: 0.001f / 32768);
            _int16 = SoftmaxInt16Params.Create(beta, input.Scale);
        }
        else
        {
            if (_to == DataType.Int16) RequireOutput(name, output, 1f / 65536, -32768, tolerance: 0.001f / 65536);
            else if (_to == DataType.Int8) RequireOutput(name, output, 1f / 256, -128, tolerance: 0);
            else throw c.Unsupported($"SOFTMAX from int8 to {_to} is not supported");
            _int8 = IntegerBinding.Guard(c, () => SoftmaxInt8Params.Create(beta, input.Scale));
        }
    }

    private static void RequireOutput(string name, QuantParams q, float scale, int zeroPoint, float tolerance)
    {
        if (q.ZeroPoint != zeroPoint || Math.Abs(q.Scale - scale) > tolerance)
            throw new QuantizationParameterException(name, $"SOFTMAX's output must have scale {scale} and zero point {zeroPoint}, found {q}");
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_from == DataType.Int16) SoftmaxInteger.Int16(inputs[0]!.AsSpan<short>(), _depth, _int16!, outputs[0].AsSpan<short>());
        else if (_to == DataType.Int16) SoftmaxInteger.Int8ToInt16(inputs[0]!.AsSpan<sbyte>(), _depth, _int8, outputs[0].AsSpan<short>());
        else SoftmaxInteger.Int8(inputs[0]!.AsSpan<sbyte>(), _depth, _int8, outputs[0].AsSpan<sbyte>());
    }
}
