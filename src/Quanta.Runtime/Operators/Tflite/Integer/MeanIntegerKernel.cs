using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

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

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (int[] Dims, bool[] Reduced, int InputZeroPoint, int OutputZeroPoint, Kernels.Arithmetic.QuantizedMultiplier Multiplier) Parameters =>
        (_dims, _reduced, _inputZeroPoint, _outputZeroPoint, _multiplier);

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
