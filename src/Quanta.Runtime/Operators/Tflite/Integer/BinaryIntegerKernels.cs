using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>Broadcast offsets of a binary op's two inputs, computed once (empty when an input already has the output's shape).</summary>
internal readonly struct BinaryBroadcast
{
    public BinaryBroadcast(KernelContext c)
    {
        var y = c.OutputShape(0);
        var a = c.InputShape(0);
        var b = c.InputShape(1);
        if (a == y && b == y)
        {
            A = [];
            B = [];
            return;
        }
        try
        {
            var indexer = new BroadcastIndexer(y.Dims, a.ToArray(), b.ToArray());
            A = new long[y.ElementCount];
            B = new long[y.ElementCount];
            indexer.Fill([A, B]);
        }
        catch (ArgumentException e)
        {
            throw c.Invalid($"inputs {a} and {b} do not broadcast to {y}: {e.Message}");
        }
        if (a == y) A = [];
        if (b == y) B = [];
    }

    public long[] A { get; }

    public long[] B { get; }
}

/// <summary>
/// Binds TFLite ADD and SUB with int8 or int16 inputs to <see cref="AddInteger"/> /
/// <see cref="SubInteger"/> on TFLite's general-scale path — the one TFLite Micro always takes
/// (its <c>pot_scale_int16</c> handling is desktop-only), so Quanta matches the Micro goldens.
/// </summary>
internal sealed class AddSubIntegerKernel : IKernel
{
    private readonly bool _subtract;
    private readonly DataType _type;
    private readonly BinaryBroadcast _broadcast;
    private readonly AddSubParams _params;

    public AddSubIntegerKernel(KernelContext c, bool subtract)
    {
        _subtract = subtract;
        _type = c.Input(0).Type;
        IntegerBinding.ExpectType(c, 1, _type);
        IntegerBinding.ExpectOutputType(c, _type);
        var q1 = IntegerBinding.InputActivation(c, 0);
        var q2 = IntegerBinding.InputActivation(c, 1);
        var qy = IntegerBinding.OutputActivation(c);
        var (min, max) = IntegerBinding.ActivationRange(c, qy, _type);
        bool int16 = _type == DataType.Int16;
        _params = IntegerBinding.Guard(c, () => AddSubParams.Create(q1.Scale, q1.ZeroPoint, q2.Scale, q2.ZeroPoint, qy.Scale, qy.ZeroPoint, int16, min, max));
        _broadcast = new BinaryBroadcast(c);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_type == DataType.Int8) Run<sbyte>(inputs, outputs);
        else Run<short>(inputs, outputs);
    }

    private void Run<T>(Tensor?[] inputs, Tensor[] outputs) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (_subtract)
            SubInteger.General(inputs[0]!.AsSpan<T>(), _broadcast.A, inputs[1]!.AsSpan<T>(), _broadcast.B, _params, outputs[0].AsSpan<T>());
        else
            AddInteger.General(inputs[0]!.AsSpan<T>(), _broadcast.A, inputs[1]!.AsSpan<T>(), _broadcast.B, _params, outputs[0].AsSpan<T>());
    }
}

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
