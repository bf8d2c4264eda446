using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// ONNX QLinearConv, int8 activations and int8 weights (S8S8), 2-D, on the optimized NHWC kernels
/// (<see cref="QS8Conv2DGemm{TGemm}"/>, <see cref="QS8DepthwiseConv2D{TDw}"/>) with their
/// floating-point output stage: the input is transposed NCHW → NHWC into a buffer, the convolution
/// runs there, and its result is transposed back.
/// </summary>
/// <remarks>
/// Bit-exact with <see cref="QLinearConvKernel"/>: the packed kernels fold the input zero point into
/// the bias (<c>Σ w(x − Zx) + b = b − Zx·Σw + Σ w·x</c>, exact in int32) and requantize as ONNX
/// Runtime does (<c>float(acc) · (x_scale · w_scale / y_scale)</c>, round half to even, add Zy,
/// saturate; <see cref="QS8RequantizeFp32"/>). Everything else — uint8 data, 1-D/3-D convolutions,
/// non-constant weights or parameters, weight zero points on a depthwise convolution — returns the
/// reference kernel, which is also the one that validates the node.
/// </remarks>
internal sealed unsafe class QLinearConvOptimizedKernel<TGemm, TDw> : IKernel, ITiledWork
    where TGemm : IQS8GemmMicrokernel
    where TDw : IQS8DwconvMicrokernel
{
    private readonly QS8Conv2DGemm<TGemm>? _gemm;
    private readonly QS8DepthwiseConv2D<TDw>? _depthwise;
    private readonly int _threads;
    private readonly int _batches, _inChannels, _inPlane, _outChannels, _outPlane;
    private readonly sbyte[] _inputNhwc, _outputNhwc;
    private sbyte* _input;
    private sbyte* _output;

    private QLinearConvOptimizedKernel(QS8Conv2DGemm<TGemm>? gemm, QS8DepthwiseConv2D<TDw>? depthwise, in ConvWindow w, int threads)
    {
        _gemm = gemm;
        _depthwise = depthwise;
        _threads = threads;
        _batches = w.Batches;
        _inChannels = w.InputChannels;
        _inPlane = w.InputHeight * w.InputWidth;
        _outChannels = w.OutputChannels;
        _outPlane = w.OutputHeight * w.OutputWidth;
        _inputNhwc = new sbyte[w.InputSize];
        _outputNhwc = new sbyte[w.OutputSize];
    }

    /// <summary>The optimized kernel for a QLinearConv node, or the reference kernel where it does not apply.</summary>
    public static IKernel Create(KernelContext c)
    {
        var reference = new QLinearConvKernel(c, integerOutput: false);
        if (c.Input(0).Type != DataType.Int8 || c.Input(3).Type != DataType.Int8 || c.Outputs[0].Type != DataType.Int8) return reference;
        var xShape = c.InputShape(0);
        var wShape = c.InputShape(3);
        var yShape = c.OutputShape(0);
        if (xShape.Rank != 4 || c.InputData(3) is not { } filter || (c.HasInput(8) && c.InputData(8) is null)) return reference;
        int m = wShape[0];
        var x = QuantOperand.Bind(c, "x", 1, 2, DataType.Int8);
        var wq = QuantOperand.Bind(c, "w", 4, 5, DataType.Int8, m);
        var y = QuantOperand.Bind(c, "y", 6, 7, DataType.Int8);
        if (!(x.IsConstant && wq.IsConstant && y.IsConstant)) return reference;

        var attrs = OnnxWindowAttributes.Read(c.Node, 2, wShape.Dims[2..].ToArray());
        var vertical = attrs.Forward(0, xShape[2]);
        var horizontal = attrs.Forward(1, xShape[3]);
        if (vertical.OutputSize != yShape[2] || horizontal.OutputSize != yShape[3]) return reference;
        var window = new ConvWindow(xShape[0], xShape[2], xShape[3], xShape[1], yShape[2], yShape[3], yShape[1],
            wShape[2], wShape[3], vertical.Stride, horizontal.Stride, vertical.Dilation, horizontal.Dilation, vertical.PadBegin, horizontal.PadBegin);

        int groups = (int)c.Attributes.GetInt("group", 1);
        var scales = new float[wq.Count];
        for (int i = 0; i < scales.Length; i++) scales[i] = FloatRequantization.Multiplier(x.Scales[0], wq.Scales[i], y.Scales[0]);
        int[] bias = c.InputData(8) is { } b ? b.ToArray<int>() : [];
        var (min, max) = QLinearBinding.Clamp(c, DataType.Int8);
        var output = new QS8OutputParams(y.ZeroPoints[0], min, max);
        int threads = OptimizedBinding.Threads(c);
        var w = filter.AsSpan<sbyte>();
        int taps = wShape[2] * wShape[3];

        if (groups > 1 && groups == xShape[1] && wShape[1] == 1)
        {
            // Depthwise: OIHW [C·M, 1, kH, kW] → [1, kH, kW, C·M]. The packed form has no weight zero points.
            foreach (int z in wq.ZeroPoints)
            {
                if (z != 0) return reference;
            }
            var hwc = new sbyte[w.Length];
            for (int o = 0; o < m; o++)
            {
                for (int t = 0; t < taps; t++) hwc[t * m + o] = w[o * taps + t];
            }
            var dw = OptimizedBinding.PackOrNull(() => QS8DepthwiseConv2D<TDw>.Fp32(window, m / xShape[1], hwc, x.ZeroPoints[0], bias, scales, output));
            return dw is null ? reference : new QLinearConvOptimizedKernel<TGemm, TDw>(null, dw, window, threads);
        }

        // OIHW [M, C/g, kH, kW] → OHWI [M, kH, kW, C/g].
        int cin = wShape[1];
        var ohwi = new sbyte[w.Length];
        for (int o = 0; o < m; o++)
        {
            for (int ci = 0; ci < cin; ci++)
            {
                for (int t = 0; t < taps; t++) ohwi[(o * taps + t) * cin + ci] = w[(o * cin + ci) * taps + t];
            }
        }
        var zeroPoints = wq.ZeroPoints.ToArray();
        var gemm = OptimizedBinding.PackOrNull(() => QS8Conv2DGemm<TGemm>.Fp32(window, ohwi, zeroPoints, x.ZeroPoints[0], bias, scales, output, threads));
        return gemm is null ? reference : new QLinearConvOptimizedKernel<TGemm, TDw>(gemm, null, window, threads);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        ToChannelsLast(inputs[0]!.AsSpan<sbyte>(), _inputNhwc, _batches, _inChannels, _inPlane);
        fixed (sbyte* x = _inputNhwc)
        fixed (sbyte* y = _outputNhwc)
        {
            _input = _depthwise is null ? x : _depthwise.Prepare(x);
            _output = y;
            IntraOpThreadPool.Run(this, _gemm?.Tiles ?? _depthwise!.Tiles, _threads);
        }
        ToChannelsFirst(_outputNhwc, outputs[0].AsSpan<sbyte>(), _batches, _outChannels, _outPlane);
    }

    public void RunTiles(int first, int count, int worker)
    {
        if (_gemm is not null) _gemm.Run(_input, _output, first, count, worker);
        else _depthwise!.Run(_input, _output, first, count);
    }

    private static void ToChannelsLast(ReadOnlySpan<sbyte> nchw, Span<sbyte> nhwc, int batches, int channels, int plane)
    {
        for (int n = 0; n < batches; n++)
        {
            var src = nchw.Slice(n * channels * plane, channels * plane);
            var dst = nhwc.Slice(n * channels * plane, channels * plane);
            for (int ch = 0; ch < channels; ch++)
            {
                var row = src.Slice(ch * plane, plane);
                for (int p = 0; p < plane; p++) dst[p * channels + ch] = row[p];
            }
        }
    }

    private static void ToChannelsFirst(ReadOnlySpan<sbyte> nhwc, Span<sbyte> nchw, int batches, int channels, int plane)
    {
        for (int n = 0; n < batches; n++)
        {
            var src = nhwc.Slice(n * channels * plane, channels * plane);
            var dst = nchw.Slice(n * channels * plane, channels * plane);
            for (int ch = 0; ch < channels; ch++)
            {
                var row = dst.Slice(ch * plane, plane);
                for (int p = 0; p < plane; p++) row[p] = src[p * channels + ch];
            }
        }
    }
}
