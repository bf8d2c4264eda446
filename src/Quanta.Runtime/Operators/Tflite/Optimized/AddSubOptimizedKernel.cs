using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds an int8 TFLite ADD or SUB whose inputs both have the output's shape to
/// <see cref="QS8VaddMinmax"/>; validation and parameters are the reference binding's
/// (<see cref="AddSubIntegerKernel"/>), which also runs broadcasting cases.
/// </summary>
internal sealed unsafe class AddSubOptimizedKernel : IKernel, ITiledWork
{
    private const int ChunkElements = 16384;

    private readonly QS8VaddMinmax _add;
    private readonly bool _useAvx2;
    private readonly int _threads;
    private sbyte* _a;
    private sbyte* _b;
    private sbyte* _y;
    private int _count;

    private AddSubOptimizedKernel(QS8VaddMinmax add, bool useAvx2, int threads)
    {
        _add = add;
        _useAvx2 = useAvx2;
        _threads = threads;
    }

    public static IKernel Create(KernelContext c, bool subtract, bool useAvx2)
    {
        var reference = new AddSubIntegerKernel(c, subtract);
        var (broadcast, p) = reference.Parameters;
        if (c.Input(0).Type != DataType.Int8 || broadcast.A.Length != 0 || broadcast.B.Length != 0) return reference;
        var add = OptimizedBinding.PackOrNull(() => new QS8VaddMinmax(p, subtract));
        return add is null ? reference : new AddSubOptimizedKernel(add, useAvx2, OptimizedBinding.Threads(c));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var y = outputs[0].AsSpan<sbyte>();
        fixed (sbyte* pa = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* pb = inputs[1]!.AsSpan<sbyte>())
        fixed (sbyte* py = y)
        {
            _a = pa;
            _b = pb;
            _y = py;
            _count = y.Length;
            IntraOpThreadPool.Run(this, (y.Length + ChunkElements - 1) / ChunkElements, _threads);
        }
    }

    public void RunTiles(int first, int count, int worker)
    {
        long start = (long)first * ChunkElements, end = Math.Min((long)(first + count) * ChunkElements, _count);
        _add.Run(_a + start, _b + start, _y + start, (int)(end - start), _useAvx2);
    }
}
