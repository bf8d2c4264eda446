using Quanta.Core;
using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>The NHWC window ops under test.</summary>
internal enum F32WindowOp { Convolution, Depthwise, Depthwise3x3, MaxPool, AveragePool }

/// <summary>
/// XNNPACK-style tester of the optimized NHWC window operators (<see cref="F32Convolution{TVector}"/>
/// in its pointwise, im2col and indirect modes, <see cref="F32DepthwiseConvolution{TVector}"/>,
/// <see cref="F32DepthwiseConvolution3x3{TVector}"/>, <see cref="F32Pooling{TVector}"/>) against the float reference kernels
/// (<see cref="ConvolutionReference"/>, <see cref="PoolingReference"/>): random data, any size,
/// channels, window, stride, dilation and explicit padding (as TFLite SAME and Quanta's EXPLICIT
/// produce them). Convolutions agree within <see cref="FloatIsas.SumTolerance"/> of the
/// reduction length (KH·KW·C + 1 terms; Σ|term| from the reference run on |x|, |w|, |b|); max
/// pooling is exact; average pooling within the sum's tolerance plus two roundings of the division.
/// </summary>
internal sealed class F32WindowTester(F32WindowOp op) : IFloatVectorTest
{
    private int _batch = 1, _height = 5, _width = 5, _channels = 3, _outChannels = 4, _kh = 3, _kw = 3;
    private int _sh = 1, _sw = 1, _dh = 1, _dw = 1, _top, _bottom, _left, _right, _seed = 7;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;
    private int _maxRows;
    private bool _residual;

    public F32WindowTester Batch(int n) { _batch = n; return this; }
    public F32WindowTester Input(int height, int width) { (_height, _width) = (height, width); return this; }
    public F32WindowTester Channels(int input, int output) { (_channels, _outChannels) = (input, output); return this; }
    public F32WindowTester Channels(int channels) { (_channels, _outChannels) = (channels, channels); return this; }
    public F32WindowTester Kernel(int kh, int kw) { (_kh, _kw) = (kh, kw); return this; }
    public F32WindowTester Stride(int sh, int sw) { (_sh, _sw) = (sh, sw); return this; }
    public F32WindowTester Dilation(int dh, int dw) { (_dh, _dw) = (dh, dw); return this; }
    public F32WindowTester Padding(int top, int bottom, int left, int right) { (_top, _bottom, _left, _right) = (top, bottom, left, right); return this; }
    public F32WindowTester SamePadding()
    {
        var h = ConvGeometry.Tflite(_height, _kh, _sh, _dh, TflitePadding.Same);
        var w = ConvGeometry.Tflite(_width, _kw, _sw, _dw, TflitePadding.Same);
        return Padding(h.PadBegin, h.PadEnd, w.PadBegin, w.PadEnd);
    }
    public F32WindowTester Clamp(float min, float max) { (_min, _max) = (min, max); return this; }
    public F32WindowTester Seed(int seed) { _seed = seed; return this; }
    public F32WindowTester MaxRows(int rows) { _maxRows = rows; return this; }
    public F32WindowTester WithResidual() { _residual = true; return this; }

    public void Test(string isa) => FloatIsas.Run(isa, this);

    public void Run<TVector>() where TVector : struct, IFloatVector<TVector>
    {
        var h = ConvGeometry.Explicit(_height, _kh, _sh, _dh, _top, _bottom);
        var w = ConvGeometry.Explicit(_width, _kw, _sw, _dw, _left, _right);
        int outChannels = op == F32WindowOp.Convolution ? _outChannels : _channels;
        var geometry = new Conv2DGeometry(_batch, _channels, outChannels, h, w);
        var rng = new Random(_seed);
        var x = FloatIsas.Random(rng, geometry.InputElements);
        var actual = new float[geometry.OutputElements];
        var expected = new float[geometry.OutputElements];
        var magnitude = new float[geometry.OutputElements];
        double[] tolerance;
        switch (op)
        {
            case F32WindowOp.Convolution:
            case F32WindowOp.Depthwise:
            case F32WindowOp.Depthwise3x3:
                {
                    bool depthwise = op != F32WindowOp.Convolution;
                    int[] filterDims = depthwise ? [1, _kh, _kw, _channels] : [outChannels, _kh, _kw, _channels];
                    var filter = FloatIsas.Random(rng, filterDims.Aggregate(1L, (a, b) => a * b));
                    var bias = FloatIsas.Random(rng, outChannels);
                    var reference = new ConvolutionGeometry(_batch, depthwise ? _channels : 1, depthwise ? 1 : _channels, depthwise ? 1 : outChannels,
                        [AxisTaps.Unit, AxisTaps.Forward(h), AxisTaps.Forward(w)],
                        ActivationStrides.ChannelsLast(_height, _width, _channels), ActivationStrides.ChannelsLast(h.OutputSize, w.OutputSize, outChannels),
                        depthwise ? FilterStrides.Depthwise(filterDims, 1) : FilterStrides.Ohwi(filterDims, 1));
                    ConvolutionReference.Run(reference, x, filter, bias, expected, FusedActivation.None);
                    ConvolutionReference.Run(reference, Abs(x), Abs(filter), Abs(bias), magnitude, FusedActivation.None);
                    if (op == F32WindowOp.Depthwise3x3)
                    {
                        Assert.True(F32DepthwiseConvolution3x3<TVector>.Supports(geometry), $"3×3 kernel does not cover {Describe()}");
                        new F32DepthwiseConvolution3x3<TVector>(geometry, filter, bias, _min, _max).Run(x, actual, SerialRunner.Instance);
                    }
                    else if (depthwise) new F32DepthwiseConvolution<TVector>(geometry, filter, bias, _min, _max).Run(x, actual, SerialRunner.Instance);
                    else if (_residual)
                    {
                        // The fused residual ADD: one more term per output, added after the convolution.
                        var residual = FloatIsas.Random(rng, geometry.OutputElements);
                        for (int i = 0; i < expected.Length; i++)
                        {
                            expected[i] += residual[i];
                            magnitude[i] += MathF.Abs(residual[i]);
                        }
                        new F32Convolution<TVector>(geometry, filter, bias, _min, _max, _maxRows).Run(x, residual, actual, SerialRunner.Instance);
                    }
                    else new F32Convolution<TVector>(geometry, filter, bias, _min, _max, _maxRows).Run(x, actual, SerialRunner.Instance);
                    int terms = (depthwise ? 1 : _channels) * _kh * _kw + (_residual ? 2 : 1);
                    tolerance = magnitude.Select(m => FloatIsas.SumTolerance(terms, m)).ToArray();
                    break;
                }
            default:
                {
                    bool max = op == F32WindowOp.MaxPool;
                    var reference = new PoolingGeometry(_batch, _channels, [AxisTaps.Unit, AxisTaps.Forward(h), AxisTaps.Forward(w)],
                        ActivationStrides.ChannelsLast(_height, _width, _channels), ActivationStrides.ChannelsLast(h.OutputSize, w.OutputSize, _channels),
                        max ? PoolKind.Max : PoolKind.AverageExcludingPadding);
                    PoolingReference.Run(reference, x, expected, default, FusedActivation.None);
                    PoolingReference.Run(reference with { Kind = PoolKind.AverageExcludingPadding }, Abs(x), magnitude, default, FusedActivation.None);
                    new F32Pooling<TVector>(geometry, max ? F32PoolKind.Max : F32PoolKind.Average, _min, _max).Run(x, actual, SerialRunner.Instance);
                    // Average: the sum of at most KH·KW taps, then ×(1/n) here and ÷n in the reference (one rounding each).
                    tolerance = magnitude.Select(m => max ? 0 : FloatIsas.SumTolerance(_kh * _kw, m) + 4 * FloatIsas.Epsilon * m).ToArray();
                    break;
                }
        }
        for (int i = 0; i < actual.Length; i++)
        {
            double e = Math.Min(Math.Max(expected[i], _min), _max);
            Assert.True(Math.Abs(actual[i] - e) <= tolerance[i],
                $"{op} {Describe()}: output {i} = {actual[i]}, expected {e} ± {tolerance[i]}");
        }
    }

    private string Describe() =>
        $"N={_batch} {_height}x{_width}x{_channels}→{_outChannels} k={_kh}x{_kw} s={_sh},{_sw} d={_dh},{_dw} pad=({_top},{_bottom},{_left},{_right})";

    private static float[] Abs(float[] v) => Array.ConvertAll(v, MathF.Abs);
}
