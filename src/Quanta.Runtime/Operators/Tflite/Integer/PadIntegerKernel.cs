using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite PAD and PADV2 on int8, uint8 or int16 data: paddings from constant input 1
/// ([rank, 2]); the pad value is the output zero point (real 0), or PADV2's constant, which must be
/// quantized like the output. Input and output share parameters.
/// </summary>
internal sealed class PadIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly int[] _inputDims;
    private readonly int[] _before;
    private readonly int[] _outputDims;
    private readonly int _padValue;

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (int[] InputDims, int[] Before, int[] OutputDims, int PadValue) Parameters => (_inputDims, _before, _outputDims, _padValue);

    public PadIntegerKernel(KernelContext c)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        PoolingIntegerKernel.SameParameters(c, input, output);
        var inShape = c.InputShape(0);
        var paddings = c.InputData(1) ?? throw c.Unsupported("PAD needs constant paddings");
        long[] p = paddings.ToInt64Array();
        if (p.Length != 2 * inShape.Rank) throw c.Invalid($"paddings hold {p.Length} values for rank {inShape.Rank}");
        _inputDims = inShape.ToArray();
        _outputDims = c.OutputShape(0).ToArray();
        _before = new int[inShape.Rank];
        for (int d = 0; d < inShape.Rank; d++)
        {
            if (p[2 * d] < 0 || p[2 * d + 1] < 0) throw c.Invalid($"negative padding on dimension {d}");
            _before[d] = (int)p[2 * d];
            if (_outputDims.Length != inShape.Rank || _outputDims[d] != _inputDims[d] + p[2 * d] + p[2 * d + 1])
                throw c.Invalid($"output {c.OutputShape(0)} does not match input {inShape} padded by [{string.Join(",", p)}]");
        }
        _padValue = output.ZeroPoint;
        if (c.HasInput(2))
        {
            string name = IntegerBinding.InputName(c, 2);
            var constant = c.InputData(2) ?? throw c.Unsupported("PADV2 needs a constant pad value");
            if (constant.Type != _type || constant.ElementCount != 1) throw c.Invalid($"pad value '{name}' must be one {_type} value");
            var q = c.Input(2).Quant;
            if (q is null || q.Count != 1 || q.Scale != output.Scale || q.ZeroPoint != output.ZeroPoint)
                throw new QuantizationParameterException(name, $"PADV2's constant must be quantized like the output ({output}), found {q?.ToString() ?? "none"}");
            _padValue = (int)constant.GetInt64(0);
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        switch (_type)
        {
            case DataType.Int8: PadInteger.Pad(inputs[0]!.AsSpan<sbyte>(), _inputDims, _before, _outputDims, (sbyte)_padValue, outputs[0].AsSpan<sbyte>()); break;
            case DataType.UInt8: PadInteger.Pad(inputs[0]!.AsSpan<byte>(), _inputDims, _before, _outputDims, (byte)_padValue, outputs[0].AsSpan<byte>()); break;
            default: PadInteger.Pad(inputs[0]!.AsSpan<short>(), _inputDims, _before, _outputDims, (short)_padValue, outputs[0].AsSpan<short>()); break;
        }
    }
}
