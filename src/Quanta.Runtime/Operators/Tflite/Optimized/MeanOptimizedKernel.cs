using Quanta.Core;
using Quanta.Kernels.Arithmetic;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds an int8 TFLite MEAN over axes 1 and 2 of a rank-4 tensor (global average pooling of NHWC)
/// to <see cref="QS8GlobalMean"/>; other axes stay on the reference binding
/// (<see cref="MeanIntegerKernel"/>), which also validates the node.
/// </summary>
internal sealed unsafe class MeanOptimizedKernel : IKernel
{
    private readonly int _batches;
    private readonly int _pixels;
    private readonly int _channels;
    private readonly int _inputZeroPoint;
    private readonly int _outputZeroPoint;
    private readonly QuantizedMultiplier _multiplier;
    private readonly int[] _sums;
    private readonly bool _useAvx2;

    private MeanOptimizedKernel(int[] dims, int inputZeroPoint, int outputZeroPoint, QuantizedMultiplier multiplier, bool useAvx2)
    {
        (_batches, _pixels, _channels) = (dims[0], dims[1] * dims[2], dims[3]);
        (_inputZeroPoint, _outputZeroPoint, _multiplier, _useAvx2) = (inputZeroPoint, outputZeroPoint, multiplier, useAvx2);
        _sums = new int[_channels];
    }

    public static IKernel Create(KernelContext c, bool useAvx2)
    {
        var reference = new MeanIntegerKernel(c);
        var (dims, reduced, zx, zy, multiplier) = reference.Parameters;
        bool globalPool = dims.Length == 4 && !reduced[0] && reduced[1] && reduced[2] && !reduced[3] && dims[1] * dims[2] > 0;
        if (c.Input(0).Type != DataType.Int8 || !globalPool) return reference;
        return new MeanOptimizedKernel(dims, zx, zy, multiplier, useAvx2);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        fixed (sbyte* x = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* y = outputs[0].AsSpan<sbyte>())
        {
            QS8GlobalMean.Run(_batches, _pixels, _channels, x, _inputZeroPoint, _multiplier, _outputZeroPoint, _sums, y, _useAvx2);
        }
    }
}
