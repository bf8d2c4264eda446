using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds an int8 TFLite CONV_2D to <see cref="QS8Conv2DGemm{TGemm}"/>: the reference binding
/// (<see cref="Conv2DIntegerKernel"/>) validates the node and computes the multipliers, then the
/// constant filter and bias are packed once. Falls back to the reference kernel when the filter or
/// bias is not constant, or a multiplier is outside the packed epilogue's range.
/// </summary>
internal sealed unsafe class Conv2DOptimizedKernel<TGemm> : IKernel, ITiledWork where TGemm : IQS8GemmMicrokernel
{
    private readonly QS8Conv2DGemm<TGemm> _conv;
    private readonly int _threads;
    private sbyte* _input;
    private sbyte* _output;

    private Conv2DOptimizedKernel(QS8Conv2DGemm<TGemm> conv, int threads)
    {
        _conv = conv;
        _threads = threads;
    }

    public static IKernel Create(KernelContext c)
    {
        bool fp32 = OptimizedBinding.Fp32Requantization(c);
        var reference = new Conv2DIntegerKernel(c, fp32);
        if (c.Input(0).Type != DataType.Int8 || !OptimizedBinding.ConstantWeights(c, out var filter, out var bias))
            return fp32 ? throw OptimizedBinding.Fp32Unsupported(c) : reference;
        var p = reference.Parameters;
        int threads = OptimizedBinding.Threads(c);
        if (fp32)
        {
            var clamp = OptimizedBinding.Fp32Output(c, p.OutputZeroPoint, p.Min, p.Max);
            return new Conv2DOptimizedKernel<TGemm>(QS8Conv2DGemm<TGemm>.Fp32(p.Window, filter.AsSpan<sbyte>(), [], p.InputZeroPoint,
                bias is null ? default : bias.AsSpan<int>(), OptimizedBinding.Fp32Scales(c), clamp, threads), threads);
        }
        var output = new QS8OutputParams(p.OutputZeroPoint, p.Min, p.Max);
        var conv = OptimizedBinding.PackOrNull(() => QS8Conv2DGemm<TGemm>.Gemmlowp(p.Window, filter.AsSpan<sbyte>(), [], p.InputZeroPoint,
            bias is null ? default : bias.AsSpan<int>(), p.Multipliers, output, threads));
        return conv is null ? reference : new Conv2DOptimizedKernel<TGemm>(conv, threads);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        fixed (sbyte* x = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* y = outputs[0].AsSpan<sbyte>())
        {
            _input = x;
            _output = y;
            IntraOpThreadPool.Run(this, _conv.Tiles, _threads);
        }
    }

    public void RunTiles(int first, int count, int worker) => _conv.Run(_input, _output, first, count, worker);
}
