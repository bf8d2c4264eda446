using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// XNNPACK-style tester for one call of an int8 GEMM microkernel: <c>.M(4).N(16).K(k).Test&lt;Kernel&gt;()</c>
/// packs random weights, widens random activations, runs the microkernel on one tile and compares
/// every output byte with the reference integer kernel (TFLite's FullyConnected arithmetic), and
/// checks that nothing outside the M×N tile was written.
/// </summary>
internal sealed unsafe class QS8GemmMicrokernelTester
{
    private int _m = 1, _n = 16, _k = 1, _seed = 1;
    private int _inputZeroPoint, _outputZeroPoint, _weightZeroPoint;
    private int _min = -128, _max = 127;
    private bool _perChannel = true, _extreme, _fp32;

    public QS8GemmMicrokernelTester M(int m) { _m = m; return this; }
    public QS8GemmMicrokernelTester N(int n) { _n = n; return this; }
    public QS8GemmMicrokernelTester K(int k) { _k = k; return this; }
    public QS8GemmMicrokernelTester Seed(int seed) { _seed = seed; return this; }
    public QS8GemmMicrokernelTester InputZeroPoint(int zp) { _inputZeroPoint = zp; return this; }
    public QS8GemmMicrokernelTester OutputZeroPoint(int zp) { _outputZeroPoint = zp; return this; }
    public QS8GemmMicrokernelTester Clamp(int min, int max) { _min = min; _max = max; return this; }

    /// <summary>One multiplier for all channels and a weight zero point (TFLite's per-tensor FULLY_CONNECTED).</summary>
    public QS8GemmMicrokernelTester PerTensor(int weightZeroPoint = 0) { _perChannel = false; _weightZeroPoint = weightZeroPoint; return this; }

    /// <summary>Multipliers anywhere in TFLite's range, INT32_MIN significands and left shifts included.</summary>
    public QS8GemmMicrokernelTester ExtremeMultipliers() { _extreme = true; return this; }

    /// <summary>The ONNX floating-point output stage instead of TFLite's fixed point.</summary>
    public QS8GemmMicrokernelTester Fp32() { _fp32 = true; return this; }

    /// <summary>Runs the microkernel on one tile into a sentinel-filled buffer of rows of <paramref name="stride"/>.</summary>
    private sbyte[] RunKernel<TGemm>(QS8GemmWeights packed, short[] a, int stride, QS8OutputParams output, bool bounded) where TGemm : IQS8GemmMicrokernel
    {
        var c = new sbyte[TGemm.MR * stride];
        Array.Fill(c, (sbyte)0x5A);
        fixed (short* pa = a)
        fixed (sbyte* pc = c)
        {
            short* w = packed.Panel(0);
            int* p = packed.PanelParams(0, TGemm.WideParams);
            int kp = packed.KPairs, stride16 = packed.PaddedK, blockInts = packed.BlockInts(TGemm.WideParams);
            if (_fp32) TGemm.Run<QS8RequantizeFp32>(_m, _n, kp, pa, stride16, w, p, blockInts, pc, stride, output);
            else if (bounded) TGemm.Run<QS8RequantizeGemmlowpBounded>(_m, _n, kp, pa, stride16, w, p, blockInts, pc, stride, output);
            else TGemm.Run<QS8RequantizeGemmlowp>(_m, _n, kp, pa, stride16, w, p, blockInts, pc, stride, output);
        }
        return c;
    }

    public void Test<TGemm>() where TGemm : IQS8GemmMicrokernel
    {
        int mr = TGemm.MR;
        if (_m > mr || _n > QS8GemmWeights.PanelColumns) throw new ArgumentException("one tile at most");
        var rng = new Random(_seed);
        var x = QS8TestData.Int8(rng, (long)_m * _k);
        var w = QS8TestData.Int8(rng, (long)_n * _k, _extreme ? -128 : -127, 127);
        var bias = QS8TestData.Bias(rng, _n, _extreme ? int.MaxValue : 1 << 16);
        var multipliers = QS8TestData.Multipliers(rng, _perChannel ? _n : 1, _k, _extreme);
        var scales = multipliers.Select(m => (float)m.ToDouble()).ToArray();
        int[] zw = _perChannel ? [] : [_weightZeroPoint];

        var packed = _fp32
            ? QS8GemmWeights.Fp32(_n, _k, w, zw, _inputZeroPoint, bias, scales)
            : QS8GemmWeights.Gemmlowp(_n, _k, w, zw, _inputZeroPoint, bias, multipliers);
        var output = new QS8OutputParams(_outputZeroPoint, _min, _max);

        var a = new short[mr * packed.PaddedK];
        for (int r = 0; r < _m; r++)
            for (int i = 0; i < _k; i++) a[r * packed.PaddedK + i] = x[r * _k + i];
        int stride = _n + 5;
        var c = RunKernel<TGemm>(packed, a, stride, output, bounded: false);
        if (!_fp32 && packed.Params.Bounded)
        {
            var cb = RunKernel<TGemm>(packed, a, stride, output, bounded: true);
            QS8TestData.AssertEqual(c, cb, $"{typeof(TGemm).Name}: bounded and general fixed-point epilogues differ (M={_m} N={_n} K={_k} seed={_seed})");
        }

        var expected = new sbyte[_m * _n];
        if (_fp32)
        {
            for (int r = 0; r < _m; r++)
            {
                for (int o = 0; o < _n; o++)
                {
                    int acc = bias[o];
                    for (int i = 0; i < _k; i++) acc = unchecked(acc + (w[o * _k + i] - _weightZeroPoint) * (x[r * _k + i] - _inputZeroPoint));
                    expected[r * _n + o] = (sbyte)Math.Clamp(QS8TestData.Fp32Requantize(acc, scales[_perChannel ? o : 0], _outputZeroPoint, _min, _max), _min, _max);
                }
            }
        }
        else
        {
            FullyConnectedInteger.Int8(_m, _k, _n, x, _inputZeroPoint, w, _weightZeroPoint, bias, multipliers, _outputZeroPoint, _min, _max, expected);
        }

        var actual = new sbyte[_m * _n];
        for (int r = 0; r < mr; r++)
        {
            for (int o = 0; o < stride; o++)
            {
                bool inside = r < _m && o < _n;
                if (inside) actual[r * _n + o] = c[r * stride + o];
                else if (c[r * stride + o] != 0x5A)
                    throw new Xunit.Sdk.XunitException($"{typeof(TGemm).Name} wrote outside the {_m}×{_n} tile at row {r}, column {o}");
            }
        }
        QS8TestData.AssertEqual(expected, actual, $"{typeof(TGemm).Name} M={_m} N={_n} K={_k} zx={_inputZeroPoint} zy={_outputZeroPoint} " +
            $"zw={_weightZeroPoint} perChannel={_perChannel} extreme={_extreme} fp32={_fp32} clamp=[{_min}, {_max}] seed={_seed}");
    }
}
