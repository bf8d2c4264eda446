using Quanta.Kernels;
using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// QLinearAdd on int8 (every vector width the process has, then the scalar tail) against the
/// reference kernel's element operator (<see cref="QLinearAddOperator{T}"/>). Lengths hit every tail; scales include ones that
/// make exact halves and ones that push sums far outside the output range.
/// </summary>
public class QS8QLinearAddTests
{
    [Fact]
    public void MatchesTheReferenceArithmetic()
    {
        var rng = new Random(41);
        for (int trial = 0; trial < 300; trial++)
        {
            float Scale() => (trial % 4) switch
            {
                0 => 0.5f,
                1 => MathF.ScaleB(1f, rng.Next(-10, 3)),
                2 => (float)(rng.NextDouble() * 0.2 + 1e-3),
                _ => (float)(rng.NextDouble() * 50 + 1e-3),
            };
            var qa = new AffineQuant(Scale(), rng.Next(-128, 128));
            var qb = new AffineQuant(Scale(), rng.Next(-128, 128));
            var qy = new AffineQuant(Scale(), rng.Next(-128, 128));
            int min = trial % 3 == 0 ? -128 : rng.Next(-128, qy.ZeroPoint + 1), max = trial % 3 == 0 ? 127 : rng.Next(qy.ZeroPoint, 128);
            int length = trial < 150 ? trial : rng.Next(150, 3000);
            var a = QS8TestData.Int8(rng, length);
            var b = QS8TestData.Int8(rng, length);
            var reference = new QLinearAddOperator<sbyte>(qa, qb, qy, min, max);
            foreach (int bits in new[] { 512, 256, 128 })
            {
                var actual = new sbyte[length];
                new QS8QLinearAdd(qa, qb, qy, min, max, bits).Run(a, b, actual);
                for (int i = 0; i < length; i++)
                {
                    int expected = reference.Invoke(a[i], b[i]);
                    if (expected != actual[i])
                        Assert.Fail($"{bits}-bit vectors, element {i} of {length}: a {a[i]} b {b[i]} ({qa}, {qb}, {qy}, [{min}, {max}]): expected {expected}, got {actual[i]}");
                }
            }
        }
    }
}
