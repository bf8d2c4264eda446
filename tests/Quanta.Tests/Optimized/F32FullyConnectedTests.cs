using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// <see cref="F32FullyConnected{TVector}"/> (GEMV for one row, GEMM tiles for more) against a
/// double-precision sum, and <see cref="F32VBinaryMinmax{TVector}"/> / <see cref="F32GlobalMean"/>
/// on every length that hits their tails.
/// </summary>
public class F32FullyConnectedTests
{
    private sealed class Case(int batch, int units, int depth) : IFloatVectorTest
    {
        public void Run<TVector>() where TVector : struct, IFloatVector<TVector>
        {
            var rng = new Random(batch * 1000 + units * 10 + depth);
            var x = FloatIsas.Random(rng, batch * depth);
            var w = FloatIsas.Random(rng, units * depth);
            var b = FloatIsas.Random(rng, units);
            var y = new float[batch * units];
            new F32FullyConnected<TVector>(batch, units, depth, w, b, -1f, 1f).Run(x, y, SerialRunner.Instance);
            for (int r = 0; r < batch; r++)
            {
                for (int u = 0; u < units; u++)
                {
                    double exact = b[u], magnitude = Math.Abs(b[u]);
                    for (int k = 0; k < depth; k++)
                    {
                        exact += (double)x[r * depth + k] * w[u * depth + k];
                        magnitude += Math.Abs((double)x[r * depth + k] * w[u * depth + k]);
                    }
                    double expected = Math.Clamp(exact, -1, 1);
                    double tolerance = FloatIsas.SumTolerance(depth + 1, magnitude) / 2;
                    Assert.True(Math.Abs(y[r * units + u] - expected) <= tolerance, $"{batch}x{depth}→{units}: y[{r},{u}] = {y[r * units + u]}, expected {expected}");
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void BatchesUnitsAndDepths(string isa)
    {
        foreach (int batch in new[] { 1, 2, 7 })
        {
            foreach (int units in new[] { 1, 10, 16, 67, 129 })
            {
                foreach (int depth in new[] { 1, 3, 17, 64 })
                    FloatIsas.Run(isa, new Case(batch, units, depth));
            }
        }
    }

    private sealed class BinaryCase(int length) : IFloatVectorTest
    {
        public unsafe void Run<TVector>() where TVector : struct, IFloatVector<TVector>
        {
            var rng = new Random(length);
            var a = FloatIsas.Random(rng, length);
            var b = FloatIsas.Random(rng, length);
            var sum = new float[length];
            var product = new float[length];
            var scaled = new float[length];
            fixed (float* pa = a, pb = b, ps = sum, pp = product, pc = scaled)
            {
                F32VBinaryMinmax<TVector>.Run<F32AddOp<TVector>>(length, pa, pb, ps, -0.75f, float.PositiveInfinity);
                F32VBinaryMinmax<TVector>.Run<F32MulOp<TVector>>(length, pa, pb, pp, float.NegativeInfinity, float.PositiveInfinity);
                F32VBinaryMinmax<TVector>.RunScalar<F32MulOp<TVector>>(length, pa, 3f, pc, 0f, 6f);
            }
            // One rounding per element in both: the results are the reference's bits.
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(MathF.Max(a[i] + b[i], -0.75f), sum[i]);
                Assert.Equal(a[i] * b[i], product[i]);
                Assert.Equal(Math.Clamp(a[i] * 3f, 0f, 6f), scaled[i]);
            }
        }
    }

    [SkippableTheory]
    [InlineData(FloatIsas.Avx512)]
    [InlineData(FloatIsas.Avx2)]
    [InlineData(FloatIsas.Vector128)]
    public void AddAndMulOnEveryLengthTo67(string isa)
    {
        for (int n = 0; n <= 67; n++) FloatIsas.Run(isa, new BinaryCase(n));
    }

    [Fact]
    public void GlobalMeanOverPixels()
    {
        var rng = new Random(5);
        foreach (var (batch, pixels, channels) in new[] { (1, 49, 1), (2, 9, 67), (1, 1, 5), (3, 17, 33) })
        {
            var x = FloatIsas.Random(rng, batch * pixels * channels);
            var y = new float[batch * channels];
            F32GlobalMean.Run(batch, pixels, channels, x, y);
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double sum = 0, magnitude = 0;
                    for (int p = 0; p < pixels; p++)
                    {
                        sum += x[(n * pixels + p) * channels + c];
                        magnitude += Math.Abs(x[(n * pixels + p) * channels + c]);
                    }
                    double tolerance = (FloatIsas.SumTolerance(pixels, magnitude) + 2 * FloatIsas.Epsilon * magnitude) / pixels;
                    Assert.True(Math.Abs(y[n * channels + c] - sum / pixels) <= tolerance, $"mean[{n},{c}] = {y[n * channels + c]}, expected {sum / pixels}");
                }
            }
        }
    }
}
