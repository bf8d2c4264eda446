using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds int8 TFLite AVERAGE_POOL_2D and MAX_POOL_2D to <see cref="QS8Pooling"/> after the reference
/// binding (<see cref="PoolingIntegerKernel"/>) has validated them; output rows are the unit of work
/// for threads.
/// </summary>
internal sealed unsafe class PoolingOptimizedKernel : IKernel, ITiledWork
{
    private readonly ConvWindow _w;
    private readonly int _min;
    private readonly int _max;
    private readonly bool _average;
    private readonly bool _useAvx2;
    private readonly int _threads;
    private sbyte* _input;
    private sbyte* _output;

    private PoolingOptimizedKernel(ConvWindow w, int min, int max, bool average, bool useAvx2, int threads)
    {
        (_w, _min, _max, _average, _useAvx2, _threads) = (w, min, max, average, useAvx2, threads);
    }

    public static IKernel Create(KernelContext c, bool average, bool useAvx2)
    {
        var reference = new PoolingIntegerKernel(c, average);
        var (w, min, max) = reference.Parameters;
        if (c.Input(0).Type != DataType.Int8 || (long)w.FilterHeight * w.FilterWidth > QS8Pooling.MaxWindow) return reference;
        return new PoolingOptimizedKernel(w, min, max, average, useAvx2, OptimizedBinding.Threads(c));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        fixed (sbyte* x = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* y = outputs[0].AsSpan<sbyte>())
        {
            _input = x;
            _output = y;
            IntraOpThreadPool.Run(this, _w.Batches * _w.OutputHeight, _threads);
        }
    }

    public void RunTiles(int first, int count, int worker)
    {
        try
        {
            if (_average) QS8Pooling.Average(_w, _input, _output, _min, _max, first, count, _useAvx2);
            else QS8Pooling.Max(_w, _input, _output, _min, _max, first, count, _useAvx2);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException(e.Message);
        }
    }
}
