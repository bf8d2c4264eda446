using Quanta.Kernels.Arithmetic;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// QuantizeLinear to int8 (every vector width the process has, then the scalar tail) against the
/// reference's scalar <see cref="Quanta.Kernels.Arithmetic.Quantization.Quantize"/>: lengths hitting every tail of the 64-,
/// 32- and 16-wide loops, exact halves (ties to even), NaN, infinities and values far out of range.
/// </summary>
public class QS8QuantizeLinearTests
{
    [Fact]
    public void MatchesTheReferenceOnEveryLengthAndSpecialValue()
    {
        var rng = new Random(31);
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e30f, -1e30f, float.Epsilon, 3e9f, -3e9f];
        for (int trial = 0; trial < 300; trial++)
        {
            float scale = (trial % 3) switch { 0 => 0.5f, 1 => MathF.ScaleB(1f, rng.Next(-12, 4)), _ => (float)(rng.NextDouble() * 0.1 + 1e-4) };
            int zeroPoint = rng.Next(-128, 128);
            int length = trial < 200 ? trial : rng.Next(200, 5000);
            var x = new float[length];
            for (int i = 0; i < length; i++)
            {
                x[i] = (i % 6) switch
                {
                    0 => specials[rng.Next(specials.Length)],
                    1 => (rng.Next(-300, 300) + 0.5f) * scale,                 // exact halves after the division
                    2 => rng.Next(-300, 300) * scale,
                    _ => (float)(rng.NextDouble() * 2 - 1) * 140 * scale,
                };
            }
            foreach (int bits in new[] { 512, 256, 128 })
            {
                var actual = new sbyte[length];
                new QS8QuantizeLinear(scale, zeroPoint, bits).Run(x, actual);
                for (int i = 0; i < length; i++)
                {
                    int expected = Quanta.Kernels.Arithmetic.Quantization.Quantize(x[i], scale, zeroPoint, sbyte.MinValue, sbyte.MaxValue, QuantizeRounding.HalfToEven);
                    if (expected != actual[i])
                        Assert.Fail($"{bits}-bit vectors, x[{i}] = {x[i]:R} (scale {scale:R}, Z {zeroPoint}, length {length}): expected {expected}, got {actual[i]}");
                }
            }
        }
    }
}
