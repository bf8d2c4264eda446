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

/// <summary>
/// Binds TFLite CONCATENATION of int8 or int16 tensors to <see cref="ConcatenationInteger"/>:
/// inputs quantized like the output are copied, the others requantized; a fused activation other
/// than NONE is applied by clamping.
/// </summary>
internal sealed class ConcatenationIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly int _outerSize;
    private readonly int[] _slices;
    private readonly int[] _starts;
    private readonly int _outputSlice;
    private readonly QuantParams[] _inputs;
    private readonly QuantParams _output;
    private readonly int _min;
    private readonly int _max;

    public ConcatenationIntegerKernel(KernelContext c)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var outShape = c.OutputShape(0);
        int axis = Shape.NormalizeAxis(c.Attributes.GetInt("axis", 0), outShape.Rank);
        _outerSize = 1;
        for (int d = 0; d < axis; d++) _outerSize *= outShape[d];
        int inner = 1;
        for (int d = axis + 1; d < outShape.Rank; d++) inner *= outShape[d];
        int n = c.Inputs.Count;
        _slices = new int[n];
        _starts = new int[n];
        _inputs = new QuantParams[n];
        int start = 0;
        for (int i = 0; i < n; i++)
        {
            IntegerBinding.ExpectType(c, i, _type);
            var s = c.InputShape(i);
            if (s.Rank != outShape.Rank) throw c.Invalid($"input {i} has rank {s.Rank}, output {outShape.Rank}");
            _slices[i] = s[axis] * inner;
            _starts[i] = start;
            start += _slices[i];
            _inputs[i] = IntegerBinding.InputActivation(c, i);
        }
        _outputSlice = outShape[axis] * inner;
        if (start != _outputSlice) throw c.Invalid($"inputs add up to {start / Math.Max(inner, 1)} along axis {axis}, output has {outShape[axis]}");
        _output = IntegerBinding.OutputActivation(c);
        (_min, _max) = IntegerBinding.ActivationRange(c, _output, _type);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8) Run<sbyte>(inputs, outputs[0]);
        else Run<short>(inputs, outputs[0]);
    }

    private void Run<T>(Tensor?[] inputs, Tensor output) where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        var y = output.AsSpan<T>();
        for (int i = 0; i < _inputs.Length; i++)
        {
            ConcatenationInteger.CopyInput(inputs[i]!.AsSpan<T>(), _outerSize, _slices[i], _outputSlice, _starts[i],
                _inputs[i].Scale, _inputs[i].ZeroPoint, _output.Scale, _output.ZeroPoint, y);
        }
        var (typeMin, typeMax) = _type.IntegerRange();
        if (_min == typeMin && _max == typeMax) return;
        for (int i = 0; i < y.Length; i++) y[i] = T.Clamp(y[i], T.CreateTruncating(_min), T.CreateTruncating(_max));
    }
}
