using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class SoftmaxTests
{
    // exp(x) / Σ exp(x) in double, straight from the definition (no max subtraction).
    private static double[] Naive(double[] x) => x.Select(v => Math.Exp(v) / x.Sum(Math.Exp)).ToArray();

    [Fact]
    public void SoftmaxOfARowByHand()
    {
        var y = OpTester.Onnx("Softmax").Input(Tensor.FromArray(new Shape(1, 3), [1f, 2f, 3f])).Run0().ToArray<float>();
        var e = Naive([1, 2, 3]);
        for (int i = 0; i < 3; i++) Assert.Equal(e[i], y[i], 6);
        Assert.Equal(0.09003057, y[0], 6);
    }

    [Fact]
    public void LargeInputsStayFinite()
    {
        // exp(1000) overflows; softmax(x) = softmax(x − 1000).
        var y = OpTester.Onnx("Softmax").Input(Tensor.Vector(1000f, 1001f, 1002f)).Run0().ToArray<float>();
        var e = Naive([0, 1, 2]);
        for (int i = 0; i < 3; i++) Assert.Equal(e[i], y[i], 6);
        var log = OpTester.Onnx("LogSoftmax").Input(Tensor.Vector(-1000f, 1000f)).Run0().ToArray<float>();
        Assert.Equal([-2000f, 0f], log);
        var t = OpTester.Tflite("SOFTMAX").Input(Tensor.FromArray(new Shape(1, 2), [float.MaxValue, 0f])).Attr("beta", 1f).Run0().ToArray<float>();
        Assert.Equal([1f, 0f], t);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(-3)]
    public void EachAxisNormalizesOnItsOwn(int axis)
    {
        var rng = new Random(axis + 10);
        int[] dims = [2, 3, 4];
        var x = Nd.Random(rng, 5, dims);
        var soft = OpTester.Onnx("Softmax").Input(x).Attr("axis", (long)axis).Run0().ToArray<float>();
        var log = OpTester.Onnx("LogSoftmax").Input(x).Attr("axis", (long)axis).Run0().ToArray<float>();
        var hard = OpTester.Onnx("Hardmax").Input(x).Attr("axis", (long)axis).Run0().ToArray<float>();
        int a = axis < 0 ? axis + 3 : axis;
        var xv = x.ToArray<float>();
        foreach (var o in Nd.Coordinates(dims).Where(c => c[a] == 0))
        {
            var at = Enumerable.Range(0, dims[a]).Select(k => { var c = (int[])o.Clone(); c[a] = k; return (int)Nd.Offset(dims, c); }).ToArray();
            var expected = Naive(at.Select(i => (double)xv[i]).ToArray());
            int best = Array.IndexOf(expected, expected.Max());
            for (int k = 0; k < at.Length; k++)
            {
                Assert.Equal(expected[k], soft[at[k]], 5);
                Assert.Equal(Math.Log(expected[k]), log[at[k]], 4);
                Assert.Equal(k == best ? 1f : 0f, hard[at[k]]);
            }
        }
    }

    [Fact]
    public void HardmaxTakesTheFirstOfEqualMaxima()
    {
        var y = OpTester.Onnx("Hardmax").Input(Tensor.FromArray(new Shape(2, 3), [3f, 1f, 3f, -1f, 2f, 2f])).Run0();
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f], y.ToArray<float>());
    }

    [Fact]
    public void TfliteSoftmaxScalesByBetaOverTheLastAxis()
    {
        var x = Tensor.FromArray(new Shape(2, 2), [0f, 1f, 2f, 4f]);
        var y = OpTester.Tflite("SOFTMAX").Input(x).Attr("beta", 0.5f).Run0().ToArray<float>();
        var r0 = Naive([0, 0.5]);
        var r1 = Naive([1, 2]);
        Assert.Equal([r0[0], r0[1], r1[0], r1[1]], y.Select(v => (double)v).ToArray(), new Tolerance(1e-6));
        var log = OpTester.Tflite("LOG_SOFTMAX").Input(x).Run0().ToArray<float>();
        Assert.Equal(Math.Log(Naive([2, 4])[1]), log[3], 5);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;

        public int GetHashCode(double value) => 0;
    }
}
