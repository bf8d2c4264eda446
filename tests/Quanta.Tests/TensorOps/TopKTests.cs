using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class TopKTests
{
    [Fact]
    public void LargestAndSmallestWithTiesInIndexOrder()
    {
        var x = Tensor.FromArray(new Shape(2, 4), [3f, 1f, 3f, 2f, 0f, 5f, -1f, 5f]);
        var top = OpTester.Onnx("TopK").Inputs(x, Tensor.Vector(2L)).Outputs(2).Run();
        Assert.Equal([3f, 3f, 5f, 5f], top[0].ToArray<float>());
        Assert.Equal([0L, 2L, 1L, 3L], top[1].ToArray<long>());
        var low = OpTester.Onnx("TopK").Inputs(x, Tensor.Vector(3L)).Attr("largest", 0L).Outputs(2).Run();
        Assert.Equal([1f, 2f, 3f, -1f, 0f, 5f], low[0].ToArray<float>());
        Assert.Equal([1L, 3L, 0L, 2L, 0L, 1L], low[1].ToArray<long>());
    }

    [Fact]
    public void RandomTopKAlongAnyAxisMatchesSorting()
    {
        var rng = new Random(3);
        var x = Tensor.FromArray(new Shape(3, 5, 2), Enumerable.Range(0, 30).Select(_ => (long)rng.Next(-4, 5)).ToArray());
        var outs = OpTester.Onnx("TopK").Inputs(x, Tensor.Vector(3L)).Attr("axis", -2L).Outputs(2).Run();
        Assert.Equal(new Shape(3, 3, 2), outs[0].Shape);
        var xv = x.ToArray<long>();
        foreach (var c in Nd.Coordinates(3, 2))
        {
            var expected = Enumerable.Range(0, 5).Select(k => (Value: xv[(c[0] * 5 + k) * 2 + c[1]], Index: (long)k))
                .OrderByDescending(p => p.Value).ThenBy(p => p.Index).Take(3).ToArray();
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k].Value, outs[0].ToArray<long>()[(c[0] * 3 + k) * 2 + c[1]]);
                Assert.Equal(expected[k].Index, outs[1].ToArray<long>()[(c[0] * 3 + k) * 2 + c[1]]);
            }
        }
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("TopK").Inputs(x, Tensor.Vector(6L)).Attr("axis", 1L).Outputs(2).Run());
    }
}
