using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// XNNPACK-style tester of the float GEMM microkernels (<see cref="F32GemmMinmax{TVector}"/>, and
/// <see cref="F32GemvMinmax{TVector}"/> for one row): packs random weights, runs the kernel on
/// strided A and C, and compares every output with a double-precision sum within
/// <see cref="FloatIsas.SumTolerance"/>; the bytes around each C row must stay untouched.
/// </summary>
internal sealed class F32GemmTester : IFloatVectorTest
{
    private int _m = 1, _n = 1, _k = 1, _aPad, _cPad, _seed = 1;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;
    private bool _gemv;

    public F32GemmTester M(int m) { _m = m; return this; }
    public F32GemmTester N(int n) { _n = n; return this; }
    public F32GemmTester K(int k) { _k = k; return this; }
    public F32GemmTester AStridePadding(int pad) { _aPad = pad; return this; }
    public F32GemmTester CStridePadding(int pad) { _cPad = pad; return this; }
    public F32GemmTester Clamp(float min, float max) { _min = min; _max = max; return this; }
    public F32GemmTester Gemv() { _gemv = true; return this; }
    public F32GemmTester Seed(int seed) { _seed = seed; return this; }

    public void Test(string isa) => FloatIsas.Run(isa, this);

    public unsafe void Run<TVector>() where TVector : struct, IFloatVector<TVector>
    {
        var rng = new Random(_seed);
        int aStride = _k + _aPad, cStride = _n + _cPad;
        var a = FloatIsas.Random(rng, (long)_m * aStride);
        var w = FloatIsas.Random(rng, (long)_n * _k);
        var bias = FloatIsas.Random(rng, _n);
        var packed = F32GemmPacking.PackRows(w, bias, _n, _k, F32GemmMinmax<TVector>.NR);
        const float Sentinel = 12345.5f;
        var c = Enumerable.Repeat(Sentinel, _m * cStride).ToArray();
        float* pw = packed.Pointer;
        fixed (float* pa = a, pc = c)
        {
            if (_gemv) F32GemvMinmax<TVector>.Run(_n, _k, pa, pw, pc, _min, _max);
            else F32GemmMinmax<TVector>.Run(_m, _n, _k, pa, aStride, pw, pc, cStride, _min, _max);
        }
        for (int r = 0; r < _m; r++)
        {
            for (int j = 0; j < cStride; j++)
            {
                float actual = c[r * cStride + j];
                if (j >= _n)
                {
                    Assert.True(actual == Sentinel, $"C[{r}, {j}] past N = {_n} was written");
                    continue;
                }
                double exact = bias[j], magnitude = Math.Abs(bias[j]);
                for (int k = 0; k < _k; k++)
                {
                    exact += (double)a[r * aStride + k] * w[j * _k + k];
                    magnitude += Math.Abs((double)a[r * aStride + k] * w[j * _k + k]);
                }
                double expected = Math.Min(Math.Max(exact, _min), _max);
                double tolerance = FloatIsas.SumTolerance(_k + 1, magnitude) / 2;
                Assert.True(Math.Abs(actual - expected) <= tolerance,
                    $"M={_m} N={_n} K={_k}: C[{r}, {j}] = {actual}, expected {expected} ± {tolerance}");
            }
        }
    }
}

public class F32GemmMinmaxTests
{
    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void EveryRowCountColumnTailAndDepth(string isa)
    {
        int seed = 0;
        foreach (int m in new[] { 1, 2, 3, 4, 5, 6 })
        {
            foreach (int n in new[] { 1, 3, 4, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 47 })
            {
                foreach (int k in new[] { 1, 2, 3, 5, 11, 16, 37 })
                    new F32GemmTester().M(m).N(n).K(k).Seed(++seed).Test(isa);
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void StridedRowsLeaveTheGapsAlone(string isa)
    {
        new F32GemmTester().M(6).N(19).K(13).AStridePadding(5).CStridePadding(7).Test(isa);
        new F32GemmTester().M(4).N(40).K(64).AStridePadding(1).CStridePadding(3).Test(isa);
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void ClampsToTheActivationRange(string isa)
    {
        new F32GemmTester().M(5).N(21).K(17).Clamp(0f, 6f).Test(isa);
        new F32GemmTester().M(6).N(16).K(3).Clamp(-0.25f, 0.25f).Test(isa);
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void MatrixVectorKernelOnEveryTail(string isa)
    {
        int seed = 100;
        foreach (int n in new[] { 1, 5, 8, 16, 17, 31, 33, 67 })
        {
            foreach (int k in new[] { 1, 2, 3, 4, 5, 7, 8, 13, 64, 129 })
                new F32GemmTester().M(1).N(n).K(k).Gemv().Clamp(-0.5f, 2f).Seed(++seed).Test(isa);
        }
    }
}
