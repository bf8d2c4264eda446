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

    // Read by the optimized int8 kernel, which reuses this binding's validation (Tflite/Optimized).
    internal (ConvWindow Window, int Min, int Max) Parameters => (_window, _min, _max);

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
