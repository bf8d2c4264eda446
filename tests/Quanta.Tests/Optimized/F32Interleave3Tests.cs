using Quanta.Kernels;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary><see cref="F32Interleave3"/> against <see cref="X32Transpose"/> (the forced-ISA runs cover its scalar path).</summary>
public class F32Interleave3Tests
{
    [Fact]
    public void InterleavesThreePlanes()
    {
        // 16-pixel vector steps and the scalar tail, one and two images (vectorized where AVX-512 is on).
        foreach (var (batch, pixels) in new[] { (1, 1), (1, 15), (1, 16), (2, 47), (1, 224 * 224), (3, 33) })
        {
            var x = Enumerable.Range(0, batch * 3 * pixels).Select(i => (float)i).ToArray();
            var y = new float[x.Length];
            F32Interleave3.Run(batch, pixels, x, y);
            var expected = new float[x.Length];
            X32Transpose.Run(batch, 3, pixels, x, expected);
            Assert.Equal(expected, y);
        }
    }
}
