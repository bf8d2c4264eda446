using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// int8 ONNX quantized ops lowered onto NHWC and the optimized int8 kernels (NhwcQuantizedLowering)
/// against the same graph on the NCHW reference QLinear kernels (OptimizeGraph = false): codes must be
/// identical, and the plan must run the convolutions and fully connected layers on qs8 kernels.
/// </summary>
public class NhwcQuantizedLoweringTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomConvChainsAreBitExactOnTheFastKernels(int seed)
    {
        var rng = new Random(seed);
        var b = new QGraph();
        int n = rng.Next(1, 3), c = seed <= 4 ? seed : rng.Next(1, 68), h = rng.Next(3, 12), w = rng.Next(3, 12);
        var x = b.Input(DataType.Int8, n, c, h, w);
        var xq = b.Activation(rng);
        // A dense conv, then a depthwise (or grouped) conv reading it: the pair must stay NHWC.
        var (y1, q1) = b.Conv(rng, x, xq, c, rng.Next(1, 68), group: 1);
        int c1 = b.Channels(y1);
        int groups = seed % 3 == 0 && c1 % 2 == 0 && c1 > 2 ? 2 : c1;
        var (y2, _) = b.Conv(rng, y1, q1, c1, groups == c1 ? c1 * rng.Next(1, 3) : c1, groups);
        var input = QData.Codes(rng, DataType.Int8, n, c, h, w);
        // Odd seeds use the Vector128 microkernels, even ones the best this CPU has.
        var fast = b.AssertBitExact(input, y2, maxIsa: seed % 2 == 1 ? Isa.Vector128 : null);
        Assert.Equal(2, fast.Plan!.Steps.Count(s => s.Node.Domain == OpDomains.Tflite && s.KernelName.StartsWith("qs8-", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomFullyConnectedLayersAreBitExactOnTheFastKernels(int seed)
    {
        var rng = new Random(seed);
        var b = new QGraph();
        int m = rng.Next(1, 5), k = rng.Next(1, 68), nOut = rng.Next(1, 68);
        var x = b.Input(DataType.Int8, m, k);
        var xq = b.Activation(rng);
        bool qgemm = seed % 2 == 0, transB = seed % 4 == 0, perChannel = seed % 3 != 0;
        var weights = QData.Codes(rng, DataType.Int8, transB ? [nOut, k] : [k, nOut]);
        var ws = Enumerable.Range(0, perChannel ? nOut : 1).Select(_ => (float)(rng.NextDouble() * 0.02 + 0.002)).ToArray();
        var yq = (Scale: xq.Scale * ws[0] * MathF.Sqrt(k) * rng.Next(60, 200), Zp: rng.Next(-30, 31));
        var y = b.Value();
        var wScale = b.Const(perChannel ? Tensor.Vector(ws) : Tensor.Scalar(ws[0]));
        var wZp = b.Const(perChannel ? QData.Zps(DataType.Int8, new int[nOut]) : QData.Zp(DataType.Int8, 0));
        if (qgemm)
        {
            var bias = b.Const(QData.Zps(DataType.Int32, Enumerable.Range(0, nOut).Select(_ => rng.Next(-30000, 30000)).ToArray()));
            var node = b.Node("QGemm", OpDomains.Microsoft, [x, b.Scale(xq.Scale), b.Zp(xq.Zp), b.Const(weights), wScale, wZp, bias, b.Scale(yq.Scale), b.Zp(yq.Zp)], y);
            if (transB) node.Attributes.Set("transB", 1L);
            if (seed % 5 == 0) node.Attributes.Set("quanta_output_min", (long)yq.Zp);
        }
        else
        {
            b.Node("QLinearMatMul", "", [x, b.Scale(xq.Scale), b.Zp(xq.Zp), b.Const(weights), wScale, wZp, b.Scale(yq.Scale), b.Zp(yq.Zp)], y);
        }
        var fast = b.AssertBitExact(QData.Codes(rng, DataType.Int8, m, k), y, maxIsa: seed % 3 == 1 ? Isa.Vector128 : null);
        Assert.Contains(fast.Plan!.Steps, s => s.Node.OpType == "FULLY_CONNECTED" && s.KernelName.StartsWith("qs8-fc", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void PoolsResidualAddsAndConcatStayExact(int seed)
    {
        var rng = new Random(seed);
        var b = new QGraph();
        int c = rng.Next(1, 40), h = rng.Next(4, 14), w = rng.Next(4, 14);
        var x = b.Input(DataType.Int8, 1, c, h, w);
        var xq = b.Activation(rng);
        var (y1, q1) = b.Conv(rng, x, xq, c, rng.Next(1, 40), group: 1, forceSamePadding: true);
        var (y2, q2) = b.Conv(rng, y1, q1, b.Channels(y1), b.Channels(y1), group: 1, forceSamePadding: true);
        // Residual: QLinearAdd(y1, y2) with its own output parameters.
        var aq = b.Activation(rng);
        var added = b.Value();
        b.Node("QLinearAdd", OpDomains.Microsoft, [y1, b.Scale(q1.Scale), b.Zp(q1.Zp), y2, b.Scale(q2.Scale), b.Zp(q2.Zp), b.Scale(aq.Scale), b.Zp(aq.Zp)], added);
        // MaxPool on codes with explicit pads (a PADV2 of −128), then Concat with itself and an average pool.
        var pooled = b.Value();
        var mp = b.Node("MaxPool", "", [added], pooled);
        mp.Attributes.Set("kernel_shape", new long[] { 3, 3 });
        mp.Attributes.Set("strides", new long[] { 2, 2 });
        mp.Attributes.Set("pads", new long[] { 1, 1, 1, 1 });
        var cat = b.Value();
        b.Node("Concat", "", [pooled, pooled], cat).Attributes.Set("axis", 1L);
        var pq = b.Activation(rng);
        var avg = b.Value();
        var ap = b.Node("QLinearAveragePool", OpDomains.Microsoft, [cat, b.Scale(aq.Scale), b.Zp(aq.Zp), b.Scale(pq.Scale), b.Zp(pq.Zp)], avg);
        ap.Attributes.Set("kernel_shape", new long[] { 3, 3 });
        ap.Attributes.Set("pads", new long[] { 1, 1, 1, 1 });
        ap.Attributes.Set("count_include_pad", (long)(seed % 2));
        var gq = b.Activation(rng);
        var global = b.Value();
        b.Node("QLinearGlobalAveragePool", OpDomains.Microsoft, [avg, b.Scale(pq.Scale), b.Zp(pq.Zp), b.Scale(gq.Scale), b.Zp(gq.Zp)], global);
        var fast = b.AssertBitExact(QData.Codes(rng, DataType.Int8, 1, c, h, w), global, requireSpread: false);
        var steps = fast.Plan!.Steps;
        Assert.Contains(steps, s => s.Node.OpType == "QLinearAdd" && s.KernelName.StartsWith("qs8-qlinearadd-fp32-", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Node.OpType == "MAX_POOL_2D");
        Assert.Contains(steps, s => s.Node.OpType == "QLinearAveragePool" && s.Node.Attributes.GetInt("channels_last", 0) == 1);
        // Only the borders keep a transpose (input, and the [1, 1, 1, C] pool output): everything between runs NHWC.
        Assert.Equal(2, steps.Count(s => s.Node.OpType == "Transpose"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void QdqConcatOfDifferentScalesAndPadBeforeAveragePoolFuseAndStayExact(int seed)
    {
        // Inception's shapes: Concat of branches quantized differently; Pad → AveragePool(count_include_pad).
        var rng = new Random(seed);
        var b = new QdqGraph();
        int c = rng.Next(1, 20);
        var x = b.Input("x", 1, c, 7, 9);
        var a = b.QDQ(x, 0.02f, rng.Next(-20, 20), DataType.Int8);
        var twice = b.QDQ(b.Node("Mul", [x, b.Const(Tensor.Scalar(2f))]), 0.05f, rng.Next(-20, 20), DataType.Int8);
        int catZp = rng.Next(-20, 20);
        var cat = b.QDQ(b.Node("Concat", [a, twice], t => t.Set("axis", 1L)), 0.04f, catZp, DataType.Int8);
        var padded = b.QDQ(b.Node("Pad", [cat, b.Const(Tensor.Vector<long>(0, 0, 1, 1, 0, 0, 1, 1))]), 0.04f, catZp, DataType.Int8);
        var pooled = b.QDQ(b.Node("AveragePool", [padded], t => t.Set("kernel_shape", new long[] { 3, 3 })), 0.03f, rng.Next(-20, 20), DataType.Int8);
        var (fused, literal, session) = QdqGraph.RunBoth(b.Build(pooled), QdqGraph.Random(rng, -1f, 1f, 1, c, 7, 9));
        using (session)
        {
            Assert.Equal(literal, fused);
            Assert.Contains(session.Fusions, f => f.Pattern == QdqConcatPattern.Name);
            Assert.Contains(session.Fusions, f => f.Pattern == QdqPadPattern.Name);
            Assert.Contains(session.Plan!.Steps, s => s.Node.OpType == "QLinearConcat" && s.Node.Attributes.GetInt("axis") == 3);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 37)]
    [InlineData(3, 1000)]
    public void FastQuantizeLinearMatchesTheReferenceOnTiesAndSpecialValues(int seed, int length)
    {
        var rng = new Random(seed);
        float scale = (float)(rng.NextDouble() * 0.1 + 0.01);
        int zp = rng.Next(-50, 50);
        var values = Enumerable.Range(0, length).Select(i => (i % 7) switch
        {
            0 => (rng.Next(-200, 200) + 0.5f) * scale, // ties, both parities
            1 => float.NaN,
            2 => i % 2 == 0 ? float.PositiveInfinity : float.NegativeInfinity,
            3 => (float)(rng.NextDouble() * 1e6 - 5e5),
            _ => (float)(rng.NextDouble() * 20 - 10),
        }).ToArray();
        var node = new NodeCase("QuantizeLinear").Input(Tensor.FromArray(new Shape(length), values)).Constant(Tensor.Scalar(scale)).Constant(QData.Zp(DataType.Int8, zp));
        var model = node.Build();
        using var fast = new InferenceSession(model);
        using var reference = new InferenceSession(model, new SessionOptions { MaxIsa = Isa.Reference });
        var feeds = node.Feeds();
        Assert.Equal(QData.Read(reference.Run(feeds)[0]), QData.Read(fast.Run(feeds)[0]));
        Assert.Equal($"qs8-quantizelinear-{Suffix(CpuFeatures.Best)}", fast.PlanFor(feeds).Steps.Single().KernelName);
        // A session capped at a lower instruction set names (and runs) the narrower loop, with the same codes.
        foreach (var cap in new[] { Isa.Avx2, Isa.Vector128 })
        {
            if (cap > CpuFeatures.Best) continue;
            using var capped = new InferenceSession(model, new SessionOptions { MaxIsa = cap });
            Assert.Equal($"qs8-quantizelinear-{Suffix(cap)}", capped.PlanFor(feeds).Steps.Single().KernelName);
            Assert.Equal(QData.Read(reference.Run(feeds)[0]), QData.Read(capped.Run(feeds)[0]));
        }

        static string Suffix(Isa isa) => isa switch { Isa.Avx512 => "avx512", Isa.Avx2 => "avx2", _ => "v128" };
    }

    [Fact]
    public void MaxIsaReferenceKeepsTheQLinearOps()
    {
        var b = new QGraph();
        var rng = new Random(5);
        var x = b.Input(DataType.Int8, 1, 3, 5, 5);
        var (y, _) = b.Conv(rng, x, b.Activation(rng), 3, 4, group: 1);
        var model = b.Build(y);
        // MaxIsa = Reference does not lower, so it computes the QLinearConv on its reference kernel.
        using var reference = new InferenceSession(model, new SessionOptions { MaxIsa = Isa.Reference });
        Assert.DoesNotContain(reference.Plan!.Steps, s => s.Node.Domain == OpDomains.Tflite);
    }
}
