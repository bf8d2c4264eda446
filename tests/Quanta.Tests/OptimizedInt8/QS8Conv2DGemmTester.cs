using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// XNNPACK-style tester for the int8 convolution-as-GEMM driver: builds a random convolution
/// (<c>.Input(h, w).Channels(cin, cout).Kernel(3, 3).Stride(2).Same().Test&lt;Kernel&gt;()</c>), runs it
/// whole on one worker and again with its tiles in reverse order spread over three workers, and
/// compares both byte for byte with <see cref="Conv2DInteger.Int8"/>.
/// </summary>
internal sealed class QS8Conv2DGemmTester
{
    private int _batches = 1, _height = 5, _width = 5, _inputChannels = 3, _outputChannels = 4;
    private int _kernelH = 1, _kernelW = 1, _strideH = 1, _strideW = 1, _dilationH = 1, _dilationW = 1, _groups = 1;
    private bool _same = true, _perChannel = true, _extreme;
    private int _inputZeroPoint = -3, _outputZeroPoint = 2, _min = -128, _max = 127, _seed = 1;

    public QS8Conv2DGemmTester Batches(int n) { _batches = n; return this; }
    public QS8Conv2DGemmTester Input(int h, int w) { _height = h; _width = w; return this; }
    public QS8Conv2DGemmTester Channels(int cin, int cout) { _inputChannels = cin; _outputChannels = cout; return this; }
    public QS8Conv2DGemmTester Kernel(int h, int w) { _kernelH = h; _kernelW = w; return this; }
    public QS8Conv2DGemmTester Stride(int h, int w) { _strideH = h; _strideW = w; return this; }
    public QS8Conv2DGemmTester Dilation(int h, int w) { _dilationH = h; _dilationW = w; return this; }
    public QS8Conv2DGemmTester Groups(int g) { _groups = g; return this; }
    public QS8Conv2DGemmTester Same() { _same = true; return this; }
    public QS8Conv2DGemmTester Valid() { _same = false; return this; }
    public QS8Conv2DGemmTester PerTensor() { _perChannel = false; return this; }
    public QS8Conv2DGemmTester ExtremeMultipliers() { _extreme = true; return this; }
    public QS8Conv2DGemmTester ZeroPoints(int input, int output) { _inputZeroPoint = input; _outputZeroPoint = output; return this; }
    public QS8Conv2DGemmTester Clamp(int min, int max) { _min = min; _max = max; return this; }
    public QS8Conv2DGemmTester Seed(int seed) { _seed = seed; return this; }

    public ConvWindow Window()
    {
        var (oh, pt) = QS8TestData.Window(_same, _height, _kernelH, _strideH, _dilationH);
        var (ow, pl) = QS8TestData.Window(_same, _width, _kernelW, _strideW, _dilationW);
        return new ConvWindow(_batches, _height, _width, _inputChannels, oh, ow, _outputChannels, _kernelH, _kernelW,
            _strideH, _strideW, _dilationH, _dilationW, pt, pl);
    }

    public void Test<TGemm>() where TGemm : IQS8GemmMicrokernel
    {
        var w = Window();
        if (w.OutputHeight <= 0 || w.OutputWidth <= 0) return; // no output: nothing to compare (callers avoid it)
        var rng = new Random(_seed);
        int cinGroup = _inputChannels / _groups;
        var input = QS8TestData.Int8(rng, w.InputSize);
        var filter = QS8TestData.Int8(rng, (long)_outputChannels * _kernelH * _kernelW * cinGroup, -127, 127);
        var bias = QS8TestData.Bias(rng, _outputChannels, 1 << 14);
        var multipliers = QS8TestData.Multipliers(rng, _perChannel ? _outputChannels : 1, _kernelH * _kernelW * cinGroup, _extreme);
        var perChannel = _perChannel ? multipliers : Enumerable.Repeat(multipliers[0], _outputChannels).ToArray();

        var expected = new sbyte[w.OutputSize];
        Conv2DInteger.Int8(w, input, _inputZeroPoint, filter, bias, perChannel, _outputZeroPoint, _min, _max, expected);

        var conv = QS8Conv2DGemm<TGemm>.Gemmlowp(w, filter, [], _inputZeroPoint, bias, multipliers,
            new QS8OutputParams(_outputZeroPoint, _min, _max), workers: 3);
        string what = $"{typeof(TGemm).Name} {w} groups={_groups} zx={_inputZeroPoint} zy={_outputZeroPoint} perChannel={_perChannel} extreme={_extreme} seed={_seed}";
        var actual = new sbyte[w.OutputSize];
        conv.Run(input, actual);
        QS8TestData.AssertEqual(expected, actual, what);

        var split = new sbyte[w.OutputSize];
        unsafe
        {
            fixed (sbyte* x = input)
            fixed (sbyte* y = split)
            {
                for (int t = conv.Tiles - 1; t >= 0; t--) conv.Run(x, y, t, 1, t % 3);
            }
        }
        QS8TestData.AssertEqual(expected, split, what + " (tiles split over 3 workers)");
    }

    /// <summary>The same convolution through the fp32 output stage, against the fp32 formula on reference accumulators.</summary>
    public void TestFp32<TGemm>() where TGemm : IQS8GemmMicrokernel
    {
        var w = Window();
        var rng = new Random(_seed);
        int cinGroup = _inputChannels / _groups;
        var input = QS8TestData.Int8(rng, w.InputSize);
        var filter = QS8TestData.Int8(rng, (long)_outputChannels * _kernelH * _kernelW * cinGroup, -128, 127);
        var bias = QS8TestData.Bias(rng, _outputChannels, 1 << 14);
        var scales = QS8TestData.Multipliers(rng, _outputChannels, _kernelH * _kernelW * cinGroup, false).Select(m => (float)m.ToDouble()).ToArray();

        // Accumulators from the reference with an identity-like requantization is not available, so
        // recompute them here (the reference loop, written out) and apply the fp32 stage.
        var expected = new sbyte[w.OutputSize];
        int filtersPerGroup = _outputChannels / _groups;
        for (int b = 0; b < w.Batches; b++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++)
                    for (int oc = 0; oc < _outputChannels; oc++)
                    {
                        int acc = bias[oc], c0 = oc / filtersPerGroup * cinGroup;
                        for (int fy = 0; fy < _kernelH; fy++)
                            for (int fx = 0; fx < _kernelW; fx++)
                            {
                                int iy = oy * _strideH - w.PadTop + fy * _dilationH, ix = ox * _strideW - w.PadLeft + fx * _dilationW;
                                if (iy < 0 || iy >= _height || ix < 0 || ix >= _width) continue;
                                for (int ic = 0; ic < cinGroup; ic++)
                                    acc += filter[((oc * _kernelH + fy) * _kernelW + fx) * cinGroup + ic] * (input[w.InputOffset(b, iy, ix, c0 + ic)] - _inputZeroPoint);
                            }
                        expected[w.OutputOffset(b, oy, ox, oc)] = (sbyte)QS8TestData.Fp32Requantize(acc, scales[oc], _outputZeroPoint, _min, _max);
                    }

        var conv = QS8Conv2DGemm<TGemm>.Fp32(w, filter, [], _inputZeroPoint, bias, scales, new QS8OutputParams(_outputZeroPoint, _min, _max), 1);
        var actual = new sbyte[w.OutputSize];
        conv.Run(input, actual);
        QS8TestData.AssertEqual(expected, actual, $"{typeof(TGemm).Name} fp32 {w} seed={_seed}");
    }
}
