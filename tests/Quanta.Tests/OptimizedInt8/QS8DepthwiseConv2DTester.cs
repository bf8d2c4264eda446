using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// XNNPACK-style tester for the int8 depthwise driver and its microkernels:
/// <c>.Input(h, w).Channels(c).Kernel(3, 3).Stride(2, 2).Test&lt;Kernel&gt;()</c> compares every byte
/// with <see cref="DepthwiseConv2DInteger.Int8"/> (and, for the fp32 stage, with the fp32 formula on
/// accumulators computed here), once whole and once with rows in reverse order.
/// </summary>
internal sealed class QS8DepthwiseConv2DTester
{
    private int _batches = 1, _height = 5, _width = 5, _channels = 16, _multiplier = 1;
    private int _kernelH = 3, _kernelW = 3, _strideH = 1, _strideW = 1, _dilationH = 1, _dilationW = 1;
    private bool _same = true, _perChannel = true, _extreme, _fp32;
    private int _inputZeroPoint = 5, _outputZeroPoint = -7, _min = -128, _max = 127, _seed = 1;

    public QS8DepthwiseConv2DTester Batches(int n) { _batches = n; return this; }
    public QS8DepthwiseConv2DTester Input(int h, int w) { _height = h; _width = w; return this; }
    public QS8DepthwiseConv2DTester Channels(int c) { _channels = c; return this; }
    public QS8DepthwiseConv2DTester DepthMultiplier(int m) { _multiplier = m; return this; }
    public QS8DepthwiseConv2DTester Kernel(int h, int w) { _kernelH = h; _kernelW = w; return this; }
    public QS8DepthwiseConv2DTester Stride(int h, int w) { _strideH = h; _strideW = w; return this; }
    public QS8DepthwiseConv2DTester Dilation(int h, int w) { _dilationH = h; _dilationW = w; return this; }
    public QS8DepthwiseConv2DTester Same() { _same = true; return this; }
    public QS8DepthwiseConv2DTester Valid() { _same = false; return this; }
    public QS8DepthwiseConv2DTester PerTensor() { _perChannel = false; return this; }
    public QS8DepthwiseConv2DTester ExtremeMultipliers() { _extreme = true; return this; }
    public QS8DepthwiseConv2DTester Fp32() { _fp32 = true; return this; }
    public QS8DepthwiseConv2DTester ZeroPoints(int input, int output) { _inputZeroPoint = input; _outputZeroPoint = output; return this; }
    public QS8DepthwiseConv2DTester Clamp(int min, int max) { _min = min; _max = max; return this; }
    public QS8DepthwiseConv2DTester Seed(int seed) { _seed = seed; return this; }

    public ConvWindow Window()
    {
        var (oh, pt) = QS8TestData.Window(_same, _height, _kernelH, _strideH, _dilationH);
        var (ow, pl) = QS8TestData.Window(_same, _width, _kernelW, _strideW, _dilationW);
        return new ConvWindow(_batches, _height, _width, _channels, oh, ow, _channels * _multiplier, _kernelH, _kernelW,
            _strideH, _strideW, _dilationH, _dilationW, pt, pl);
    }

    public void Test<TDw>() where TDw : IQS8DwconvMicrokernel
    {
        var w = Window();
        if (w.OutputHeight <= 0 || w.OutputWidth <= 0) return;
        var rng = new Random(_seed);
        int outChannels = w.OutputChannels, taps = _kernelH * _kernelW;
        var input = QS8TestData.Int8(rng, w.InputSize);
        var filter = QS8TestData.Int8(rng, (long)taps * outChannels, _extreme ? -128 : -127, 127);
        var bias = QS8TestData.Bias(rng, outChannels, _extreme ? int.MaxValue : 1 << 12);
        var multipliers = QS8TestData.Multipliers(rng, _perChannel ? outChannels : 1, taps * 4, _extreme);
        var perChannel = _perChannel ? multipliers : Enumerable.Repeat(multipliers[0], outChannels).ToArray();
        var output = new QS8OutputParams(_outputZeroPoint, _min, _max);

        var expected = new sbyte[w.OutputSize];
        QS8DepthwiseConv2D<TDw> dw;
        if (_fp32)
        {
            var scales = multipliers.Select(m => (float)m.ToDouble()).ToArray();
            Fp32Reference(w, input, filter, bias, scales, expected);
            dw = QS8DepthwiseConv2D<TDw>.Fp32(w, _multiplier, filter, _inputZeroPoint, bias, scales, output);
        }
        else
        {
            DepthwiseConv2DInteger.Int8(w, _multiplier, input, _inputZeroPoint, filter, bias, perChannel, _outputZeroPoint, _min, _max, expected);
            dw = QS8DepthwiseConv2D<TDw>.Gemmlowp(w, _multiplier, filter, _inputZeroPoint, bias, multipliers, output);
        }
        string what = $"{typeof(TDw).Name} {w} M={_multiplier} zx={_inputZeroPoint} zy={_outputZeroPoint} perChannel={_perChannel} " +
            $"extreme={_extreme} fp32={_fp32} seed={_seed}";
        var actual = new sbyte[w.OutputSize];
        dw.Run(input, actual);
        QS8TestData.AssertEqual(expected, actual, what);

        var reversed = new sbyte[w.OutputSize];
        unsafe
        {
            fixed (sbyte* x = input)
            fixed (sbyte* y = reversed)
            {
                sbyte* prepared = dw.Prepare(x);
                for (int t = dw.Tiles - 1; t >= 0; t--) dw.Run(prepared, y, t, 1);
            }
        }
        QS8TestData.AssertEqual(expected, reversed, what + " (rows in reverse order)");
    }

    private void Fp32Reference(in ConvWindow w, sbyte[] input, sbyte[] filter, int[] bias, float[] scales, sbyte[] expected)
    {
        for (int b = 0; b < w.Batches; b++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++)
                    for (int oc = 0; oc < w.OutputChannels; oc++)
                    {
                        int acc = bias[oc], ic = oc / _multiplier;
                        for (int fy = 0; fy < _kernelH; fy++)
                            for (int fx = 0; fx < _kernelW; fx++)
                            {
                                int iy = oy * _strideH - w.PadTop + fy * _dilationH, ix = ox * _strideW - w.PadLeft + fx * _dilationW;
                                if (iy < 0 || iy >= _height || ix < 0 || ix >= _width) continue;
                                acc += filter[(fy * _kernelW + fx) * w.OutputChannels + oc] * (input[w.InputOffset(b, iy, ix, ic)] - _inputZeroPoint);
                            }
                        expected[w.OutputOffset(b, oy, ox, oc)] = (sbyte)QS8TestData.Fp32Requantize(acc, scales[_perChannel ? oc : 0], _outputZeroPoint, _min, _max);
                    }
    }
}
