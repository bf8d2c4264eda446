using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// The QDQ fusion pass on small graphs: what it fuses, that the fused run stays within one output
/// step of the literal float QDQ run (or equals it where the integer op is exact), and what it must
/// leave alone.
/// </summary>
public class QdqFusionTests
{
    // The fused QLinear ops themselves, not their NHWC lowering (NhwcQuantizedLoweringTests covers that).
    private static readonly SessionOptions s_unlowered = new() { OptimizeGraph = false };

    private const float XScale = 0.02f, YScale = 0.03f;

    /// <summary>Q → DQ(x), DQ(w int8 per channel), DQ(int32 bias) → Conv → [Clip(0, 6)] → Q → DQ, int8 activations.</summary>
    private static Model ConvModel(bool clip, float biasScaleError = 0f, bool weightsAsInput = false)
    {
        var rng = new Random(5);
        var b = new QdqGraph();
        var x = b.Input("x", 1, 3, 6, 6);
        var xq = b.QDQ(x, XScale, -10, DataType.Int8);
        var wScales = new[] { 0.01f, 0.02f, 0.015f, 0.005f };
        var wq = QData.Codes(rng, DataType.Int8, 4, 3, 3, 3);
        Value w = weightsAsInput ? b.Node("Identity", [b.Input("w", 4, 3, 3, 3)]) : b.DQ(wq, wScales, [0, 0, 0, 0], 0);
        var biasScales = wScales.Select(s => XScale * s * (1 + biasScaleError)).ToArray();
        var bias = b.DQ(QData.Zps(DataType.Int32, 100, -2000, 300, 5000), biasScales, [0, 0, 0, 0], 0);
        var conv = b.Node("Conv", [xq, w, bias], a => { a.Set("pads", [1L, 1, 1, 1]); a.Set("strides", [1L, 1]); });
        var act = clip ? b.Node("Clip", [conv, b.Const(Tensor.Scalar(0f)), b.Const(Tensor.Scalar(1f))]) : conv;
        var y = b.DQ(b.Q(act, YScale, -100, DataType.Int8), YScale, -100, DataType.Int8);
        return b.Build(y);
    }

    [Fact]
    public void ConvWithClipBecomesQLinearConvWithAnOutputClamp()
    {
        var model = ConvModel(clip: true);
        var x = QdqGraph.Random(new Random(1), -1.5f, 1.5f, 1, 3, 6, 6);
        var (fused, literal, session) = QdqGraph.RunBoth(model, s_unlowered, x);
        using (session)
        {
            var record = Assert.Single(session.Fusions, f => f.Pattern == QdqConvPattern.Name);
            Assert.Equal("QLinearConv", record.OpType);
            Assert.Contains(record.ReplacedNodes, n => n.StartsWith("Clip", StringComparison.Ordinal));
            var step = Assert.Single(session.Plan!.Steps, s => s.Node.OpType == "QLinearConv");
            Assert.Equal("qs8-qlinearconv-ref", step.KernelName);
            // Clip(0, 1) with scale 0.03 and zero point −100: codes [−100, round(33.3) − 100 = −67].
            Assert.Equal(-100, step.Node.Attributes.GetInt("quanta_output_min"));
            Assert.Equal(-67, step.Node.Attributes.GetInt("quanta_output_max"));
            Assert.DoesNotContain(session.Plan.Steps, s => s.Node.OpType is "Conv" or "Clip");
        }
        QdqGraph.WithinOneStep(literal, fused, YScale);
        Assert.Contains(fused, v => Math.Abs(v - 0.99f) < 1e-6f); // some outputs reach the clip bound, 33 · 0.03
        Assert.Contains(fused, v => v == 0f);
    }

    [Fact]
    public void TheCallersModelIsNotChanged()
    {
        var model = ConvModel(clip: true);
        var before = model.Graph.Nodes.Select(n => n.ToString()).ToList();
        using var session = new InferenceSession(model);
        Assert.NotEmpty(session.Fusions);
        Assert.Equal(before, model.Graph.Nodes.Select(n => n.ToString()));
        Assert.Equal(model.Format, session.Format);
    }

    [Fact]
    public void BiasWithAnotherScaleStaysFloat()
    {
        var (fused, literal, session) = QdqGraph.RunBoth(ConvModel(clip: false, biasScaleError: 1e-3f), QdqGraph.Random(new Random(2), -1f, 1f, 1, 3, 6, 6));
        using (session)
        {
            Assert.DoesNotContain(session.Fusions, f => f.Pattern == QdqConvPattern.Name);
            Assert.Contains(session.Plan!.Steps, s => s.Node.OpType is "Conv" or "CONV_2D" && s.KernelName.StartsWith("f32-conv", StringComparison.Ordinal));
        }
        Assert.Equal(literal, fused);
    }

    [Fact]
    public void WeightsThatAreNotConstantStayFloat()
    {
        var model = ConvModel(clip: false, weightsAsInput: true);
        var rng = new Random(3);
        var inputs = new[] { QdqGraph.Random(rng, -1f, 1f, 1, 3, 6, 6), QdqGraph.Random(rng, -0.1f, 0.1f, 4, 3, 3, 3) };
        var (fused, literal, session) = QdqGraph.RunBoth(model, inputs);
        using (session) Assert.DoesNotContain(session.Fusions, f => f.Pattern == QdqConvPattern.Name);
        Assert.Equal(literal, fused);
    }

    [Fact]
    public void AddWithReluIsExactlyTheFloatQdqComputation()
    {
        var b = new QdqGraph();
        var x1 = b.QDQ(b.Input("a", 2, 8), 0.05f, 128, DataType.UInt8);
        var x2 = b.QDQ(b.Input("b", 2, 8), 0.07f, 100, DataType.UInt8);
        var relu = b.Node("Relu", [b.Node("Add", [x1, x2])]);
        var y = b.DQ(b.Q(relu, 0.06f, 10, DataType.UInt8), 0.06f, 10, DataType.UInt8);
        var rng = new Random(4);
        var (fused, literal, session) = QdqGraph.RunBoth(b.Build(y), QdqGraph.Random(rng, -6f, 6f, 2, 8), QdqGraph.Random(rng, -6f, 6f, 2, 8));
        using (session)
        {
            var record = Assert.Single(session.Fusions);
            Assert.Equal("com.microsoft:QLinearAdd", record.OpType);
            Assert.Equal(10, Assert.Single(session.Plan!.Steps, s => s.Node.OpType == "QLinearAdd").Node.Attributes.GetInt("quanta_output_min"));
        }
        Assert.Equal(literal, fused);
        Assert.Contains(fused, v => v == 0f);
    }

    [Fact]
    public void MatMulBecomesQLinearMatMulAndMatMulWithBiasBecomesQGemm()
    {
        var rng = new Random(6);
        var b = new QdqGraph();
        var a = b.QDQ(b.Input("a", 3, 8), 0.04f, 0, DataType.Int8);
        var w1 = b.DQ(QData.Codes(rng, DataType.Int8, 8, 5), [0.01f], [0], 1);
        var h = b.DQ(b.Q(b.Node("MatMul", [a, w1]), 0.05f, 3, DataType.Int8), 0.05f, 3, DataType.Int8);
        var w2 = b.DQ(QData.Codes(rng, DataType.Int8, 5, 4), [0.01f, 0.02f, 0.03f, 0.04f], [0, 0, 0, 0], 1);
        var bias = b.DQ(QData.Zps(DataType.Int32, 10, 20, -30, 40), [0.05f * 0.01f, 0.05f * 0.02f, 0.05f * 0.03f, 0.05f * 0.04f], [0, 0, 0, 0], 0);
        var sum = b.Node("Add", [b.Node("MatMul", [h, w2]), bias]);
        var y = b.DQ(b.Q(sum, 0.1f, -5, DataType.Int8), 0.1f, -5, DataType.Int8);
        var (fused, literal, session) = QdqGraph.RunBoth(b.Build(y), QdqGraph.Random(rng, -3f, 3f, 3, 8));
        using (session)
        {
            Assert.Equal([QdqMatMulPattern.Name, QdqGemmPattern.MatMulAddName], session.Fusions.Select(f => f.Pattern));
            Assert.DoesNotContain(session.Plan!.Steps, s => s.Node.OpType is "MatMul" or "Add" or "Gemm");
        }
        QdqGraph.WithinOneStep(literal, fused, 0.1f);
    }

    [Fact]
    public void PoolsAndDataMovementRunOnCodes()
    {
        var b = new QdqGraph();
        var x = b.QDQ(b.Input("x", 1, 2, 6, 6), 0.1f, 5, DataType.Int8);
        var pooled = b.Node("MaxPool", [x], a => { a.Set("kernel_shape", [2L, 2]); a.Set("strides", [2L, 2]); });
        var p = b.QDQ(pooled, 0.1f, 5, DataType.Int8);
        var avg = b.QDQ(b.Node("GlobalAveragePool", [p]), 0.05f, 0, DataType.Int8);
        var flat = b.QDQ(b.Node("Flatten", [avg]), 0.05f, 0, DataType.Int8);
        var (fused, literal, session) = QdqGraph.RunBoth(b.Build(flat), s_unlowered, QdqGraph.Random(new Random(8), -5f, 5f, 1, 2, 6, 6));
        using (session)
        {
            Assert.Equal(["DQ-MaxPool-Q", "DQ-GlobalAveragePool-Q", "DQ-Flatten-Q"], session.Fusions.Select(f => f.Pattern));
            Assert.Equal(["QuantizeLinear", "MaxPool", "QLinearGlobalAveragePool", "Flatten", "DequantizeLinear"], session.Plan!.Steps.Select(s => s.Node.OpType));
            Assert.Equal("s8-maxpool-ref", session.Plan.Steps[1].KernelName);
        }
        QdqGraph.WithinOneStep(literal, fused, 0.05f);
    }

    [Fact]
    public void DataMovementWithOtherOutputParametersStaysFloat()
    {
        var b = new QdqGraph();
        var x = b.QDQ(b.Input("x", 1, 8), 0.1f, 0, DataType.Int8);
        var y = b.QDQ(b.Node("Reshape", [x, b.Const(Tensor.Vector(2L, 4L))]), 0.2f, 0, DataType.Int8);
        var (fused, literal, session) = QdqGraph.RunBoth(b.Build(y), QdqGraph.Random(new Random(9), -5f, 5f, 1, 8));
        using (session) Assert.Empty(session.Fusions);
        Assert.Equal(literal, fused);
    }

    [Fact]
    public void ADequantizedValueReadElsewhereStaysAvailable()
    {
        var b = new QdqGraph();
        var x = b.QDQ(b.Input("x", 1, 4), 0.1f, 0, DataType.Int8);
        var y = b.QDQ(b.Node("Add", [x, x]), 0.2f, 0, DataType.Int8);
        var model = b.Build(y, x);
        using var session = new InferenceSession(model);
        Assert.Single(session.Fusions);
        var outputs = session.Run(Tensor.FromArray(new Shape(1, 4), new[] { 0.1f, -0.3f, 1f, 12.7f }));
        Assert.Equal([0.2f, -0.6f, 2f, 25.4f], outputs[0].ToArray<float>());
        Assert.Equal([0.1f, -0.3f, 1f, 12.7f], outputs[1].ToArray<float>());
    }
}
