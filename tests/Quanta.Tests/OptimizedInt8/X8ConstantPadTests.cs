using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;
using Quanta.Runtime;
using Quanta.Tests.Integer;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>The row-merging byte PAD against the reference PAD on random ranks, shapes and paddings.</summary>
public class X8ConstantPadTests
{
    [Fact]
    public void MatchesTheReferencePadOnRandomShapes()
    {
        var rng = new Random(8);
        for (int trial = 0; trial < 400; trial++)
        {
            int rank = rng.Next(0, 6);
            var dims = new int[rank];
            var before = new int[rank];
            var outDims = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                dims[d] = rng.Next(0, 5);
                bool padded = rng.Next(3) > 0;
                before[d] = padded ? rng.Next(0, 3) : 0;
                outDims[d] = dims[d] + before[d] + (padded ? rng.Next(0, 3) : 0);
            }
            long count = dims.Aggregate(1L, (a, b) => a * b), outCount = outDims.Aggregate(1L, (a, b) => a * b);
            var input = QS8TestData.Int8(rng, count);
            var expected = new sbyte[outCount];
            PadInteger.Pad<sbyte>(input, dims, before, outDims, (sbyte)-7, expected);
            var actual = new sbyte[outCount];
            Array.Fill(actual, (sbyte)99);
            new X8ConstantPad(dims, before, outDims).Run(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()),
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()), unchecked((byte)-7));
            QS8TestData.AssertEqual(expected, actual, $"pad [{string.Join(",", dims)}] before [{string.Join(",", before)}] to [{string.Join(",", outDims)}]");
        }
    }

    [Fact]
    public void SessionsBindItForInt8Pad()
    {
        var rng = new Random(9);
        var q = new QuantParams(0.1f, 5);
        var node = new QuantizedOpHarness("PAD").Input(QuantTestData.RandomInt8(rng, new Shape(1, 5, 6, 7), q))
            .Input(Tensor.FromArray(new Shape(4, 2), new[] { 0, 0, 1, 2, 2, 1, 0, 0 }), true).Output(DataType.Int8, new Shape(1, 8, 9, 7), q);
        var expected = node.Run().ToArray<sbyte>();
        node.MaxIsa = Isa.Vector128;
        Assert.Equal("x8-pad", node.Entry().Name);
        QS8TestData.AssertEqual(expected, node.Run().ToArray<sbyte>(), "PAD through the optimized binding");
    }
}
