using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

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
