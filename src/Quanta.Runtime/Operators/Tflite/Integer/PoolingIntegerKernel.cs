using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite AVERAGE_POOL_2D and MAX_POOL_2D with int8 or int16 data to
/// <see cref="PoolingInteger"/>. Input and output must share quantization parameters (pooling
/// moves values without rescaling them).
/// </summary>
internal sealed class PoolingIntegerKernel : IKernel
{
    private readonly bool _average;
    private readonly DataType _type;
    private readonly ConvWindow _window;
    private readonly int _min;
    private readonly int _max;

    public PoolingIntegerKernel(KernelContext c, bool average)
    {
        _average = average;
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        SameParameters(c, input, output);
        int filterH = IntegerBinding.IntAttribute(c, "filter_height", 1), filterW = IntegerBinding.IntAttribute(c, "filter_width", 1);
        _window = IntegerBinding.Window(c, c.InputShape(0), c.OutputShape(0), filterH, filterW, dilated: false);
        if (_window.InputChannels != _window.OutputChannels) throw c.Invalid("pooling keeps the channel count");
        (_min, _max) = IntegerBinding.ActivationRange(c, output, _type);
    }

    /// <summary>Requires equal scale and zero point on input and output (TFLite's spec for data-moving ops).</summary>
    internal static void SameParameters(KernelContext c, QuantParams input, QuantParams output)
    {
        if (input.Scale != output.Scale || input.ZeroPoint != output.ZeroPoint)
            throw new QuantizationParameterException(IntegerBinding.OutputName(c),
                $"{c.Node.OpType} needs the input's parameters ({input}) on its output, found {output}");
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8) Run<sbyte>(inputs[0]!, outputs[0]);
        else Run<short>(inputs[0]!, outputs[0]);
    }

    private void Run<T>(Tensor x, Tensor y) where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        if (_average) PoolingInteger.Average(_window, x.AsSpan<T>(), _min, _max, y.AsSpan<T>());
        else PoolingInteger.Max(_window, x.AsSpan<T>(), _min, _max, y.AsSpan<T>());
    }
}

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

/// <summary>
/// Binds TFLite MEAN over int8 or int16 data (axes from constant input 1) to
/// <see cref="MeanInteger"/> — TFLite's integer QuantizedMeanOrSum.
/// </summary>
internal sealed class MeanIntegerKernel : IKernel
{
    private readonly DataType _type;
    private readonly int[] _dims;
    private readonly bool[] _reduced;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly Kernels.Arithmetic.QuantizedMultiplier _multiplier;
    private readonly int[] _sums;

    public MeanIntegerKernel(KernelContext c)
    {
        _type = c.Input(0).Type;
        IntegerBinding.ExpectOutputType(c, _type);
        var shape = c.InputShape(0);
        var axes = c.InputData(1) ?? throw c.Unsupported("MEAN needs constant axes");
        _dims = shape.ToArray();
        _reduced = new bool[shape.Rank];
        long count = 1;
        foreach (long a in axes.ToInt64Array())
        {
            if (a < -shape.Rank || a >= shape.Rank) throw c.Invalid($"axis {a} is outside rank {shape.Rank}");
            int axis = (int)(a < 0 ? a + shape.Rank : a);
            if (!_reduced[axis]) count *= _dims[axis];
            _reduced[axis] = true;
        }
        var input = IntegerBinding.InputActivation(c, 0);
        var output = IntegerBinding.OutputActivation(c);
        (_inputZeroPoint, _outputZeroPoint) = (input.ZeroPoint, output.ZeroPoint);
        _multiplier = MeanInteger.MeanMultiplier(input.Scale, output.Scale, count);
        _sums = new int[c.OutputShape(0).ElementCount];
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8)
            MeanInteger.Mean(inputs[0]!.AsSpan<sbyte>(), _dims, _reduced, _inputZeroPoint, _multiplier, _outputZeroPoint, _sums, outputs[0].AsSpan<sbyte>());
        else
            MeanInteger.Mean(inputs[0]!.AsSpan<short>(), _dims, _reduced, _inputZeroPoint, _multiplier, _outputZeroPoint, _sums, outputs[0].AsSpan<short>());
    }
}
