using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

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

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (BinaryBroadcast Broadcast, AddSubParams Params) Parameters => (_broadcast, _params);

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
