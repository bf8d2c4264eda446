using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// Binds an int8 TFLite DEPTHWISE_CONV_2D to <see cref="QS8DepthwiseConv2D{TDw}"/> after the
/// reference binding (<see cref="DepthwiseConv2DIntegerKernel"/>) has validated it; the reference
/// kernel remains the fallback for non-constant weights or unrepresentable multipliers.
/// </summary>
internal sealed unsafe class DepthwiseConv2DOptimizedKernel<TDw> : IKernel, ITiledWork where TDw : IQS8DwconvMicrokernel
{
    private readonly QS8DepthwiseConv2D<TDw> _dw;
    private readonly int _threads;
    private sbyte* _input;
    private sbyte* _output;

    private DepthwiseConv2DOptimizedKernel(QS8DepthwiseConv2D<TDw> dw, int threads)
    {
        _dw = dw;
        _threads = threads;
    }

    public static IKernel Create(KernelContext c)
    {
        bool fp32 = OptimizedBinding.Fp32Requantization(c);
        var reference = new DepthwiseConv2DIntegerKernel(c, fp32);
        if (c.Input(0).Type != DataType.Int8 || !OptimizedBinding.ConstantWeights(c, out var filter, out var bias))
            return fp32 ? throw OptimizedBinding.Fp32Unsupported(c) : reference;
        var p = reference.Parameters;
        if (fp32)
        {
            var clamp = OptimizedBinding.Fp32Output(c, p.OutputZeroPoint, p.Min, p.Max);
            return new DepthwiseConv2DOptimizedKernel<TDw>(QS8DepthwiseConv2D<TDw>.Fp32(p.Window, p.DepthMultiplier, filter.AsSpan<sbyte>(), p.InputZeroPoint,
                bias is null ? default : bias.AsSpan<int>(), OptimizedBinding.Fp32Scales(c), clamp), OptimizedBinding.Threads(c));
        }
        var output = new QS8OutputParams(p.OutputZeroPoint, p.Min, p.Max);
        var dw = OptimizedBinding.PackOrNull(() => QS8DepthwiseConv2D<TDw>.Gemmlowp(p.Window, p.DepthMultiplier, filter.AsSpan<sbyte>(), p.InputZeroPoint,
            bias is null ? default : bias.AsSpan<int>(), p.Multipliers, output));
        return dw is null ? reference : new DepthwiseConv2DOptimizedKernel<TDw>(dw, OptimizedBinding.Threads(c));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        fixed (sbyte* x = inputs[0]!.AsSpan<sbyte>())
        fixed (sbyte* y = outputs[0].AsSpan<sbyte>())
        {
            _input = _dw.Prepare(x);
            _output = y;
            IntraOpThreadPool.Run(this, _dw.Tiles, _threads);
        }
    }

    public void RunTiles(int first, int count, int worker) => _dw.Run(_input, _output, first, count);
}
