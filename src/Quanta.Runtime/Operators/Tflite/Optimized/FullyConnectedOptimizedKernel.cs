using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds an int8 TFLite FULLY_CONNECTED to <see cref="QS8Conv2DGemm{TGemm}"/> as a 1×1 convolution
/// over [batches, 1, 1, in]: per-channel weights, or per-tensor weights whose zero point is folded
/// into the packed (pre-widened) weights. Validation is the reference binding's
/// (<see cref="FullyConnectedIntegerKernel"/>), which also serves as the fallback.
/// </summary>
internal sealed unsafe class FullyConnectedOptimizedKernel<TGemm> : IKernel, ITiledWork where TGemm : IQS8GemmMicrokernel
{
    private readonly QS8Conv2DGemm<TGemm> _gemm;
    private readonly int _threads;
    private sbyte* _input;
    private sbyte* _output;

    private FullyConnectedOptimizedKernel(QS8Conv2DGemm<TGemm> gemm, int threads)
    {
        _gemm = gemm;
        _threads = threads;
    }

    public static IKernel Create(KernelContext c)
    {
        bool fp32 = OptimizedBinding.Fp32Requantization(c);
        var reference = new FullyConnectedIntegerKernel(c, fp32);
        if (c.Input(0).Type != DataType.Int8 || !OptimizedBinding.ConstantWeights(c, out var weights, out var bias))
            return fp32 ? throw OptimizedBinding.Fp32Unsupported(c) : reference;
        var p = reference.Parameters;
        int threads = OptimizedBinding.Threads(c);
        var window = new ConvWindow(p.Batches, 1, 1, p.AccumDepth, 1, 1, p.OutputDepth, 1, 1, 1, 1, 1, 1, 0, 0);
        int[] weightZeroPoints = p.Multipliers.Length == 1 ? [p.WeightZeroPoint] : [];
        if (fp32)
        {
            var clamp = OptimizedBinding.Fp32Output(c, p.OutputZeroPoint, p.Min, p.Max);
            return new FullyConnectedOptimizedKernel<TGemm>(QS8Conv2DGemm<TGemm>.Fp32(window, weights.AsSpan<sbyte>(), weightZeroPoints, p.InputZeroPoint,
                bias is null ? default : bias.AsSpan<int>(), OptimizedBinding.Fp32Scales(c), clamp, threads), threads);
        }
        var output = new QS8OutputParams(p.OutputZeroPoint, p.Min, p.Max);
        var gemm = OptimizedBinding.PackOrNull(() => QS8Conv2DGemm<TGemm>.Gemmlowp(window, weights.AsSpan<sbyte>(), weightZeroPoints, p.InputZeroPoint,
            bias is null ? default : bias.AsSpan<int>(), p.Multipliers, output, threads));
        return gemm is null ? reference : new FullyConnectedOptimizedKernel<TGemm>(gemm, threads);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        fixed (sbyte* x = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* y = outputs[0].AsSpan<sbyte>())
        {
            _input = x;
            _output = y;
            IntraOpThreadPool.Run(this, _gemm.Tiles, _threads);
        }
    }

    public void RunTiles(int first, int count, int worker) => _gemm.Run(_input, _output, first, count, worker);
}
