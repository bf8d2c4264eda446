
using Quanta.Core;
using Quanta.Data.Datasets;
using Quanta.Formats;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// The int8 QDQ model PyTorch exports (tests/fixtures/qdq, torch.ao FX, opset 13, uint8 activations,
/// per-channel int8 weights, Casts between Q and DQ): the fused integer run against the model's float
/// QDQ semantics and against ONNX Runtime on the first 200 Fashion-MNIST test images.
/// </summary>
public class PyTorchQdqFixtureTests(ITestOutputHelper output)
{
    private const int Images = 200;
    private static readonly string s_model = TestData.RepoPath("tests", "fixtures", "qdq", "fmnist_small_qdq.onnx");

    /// <summary>The first <paramref name="count"/> test images, preprocessed as in training: (x/255 − 0.2860)/0.3530.</summary>
    private static Tensor FashionMnistImages(int count)
    {
        TestData.Require(TestData.FashionMnist, "apt package dataset-fashion-mnist");
        return FashionMnistPreprocessing.ToTensor(FashionMnist.Load(FashionMnistSplit.Test), 0, count);
    }

    /// <summary>The scale of the final DequantizeLinear: one step of the uint8 logits.</summary>
    private static float OutputStep(Model model)
    {
        var dq = model.Graph.Outputs[0].Producer!;
        Assert.Equal("DequantizeLinear", dq.OpType);
        return dq.Inputs[1]!.Constant!.ToArray<float>()[0];
    }

    private static float[] RunOrt(Tensor x)
    {
        using var options = new Ort.SessionOptions { IntraOpNumThreads = 1 };
        // u8×s8 on AVX2 without VNNI saturates in vpmaddubsw unless this is set (see ANCHORS.md).
        options.AddSessionConfigEntry("session.x64quantprecision", "1");
        using var session = new Ort.InferenceSession(s_model, options);
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.ToArray<float>(), x.Shape.ToArray());
        using var results = session.Run([Ort.NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.First().AsTensor<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>Asserts every logit within one output step (plus float slack) and returns the share of equal argmaxes.</summary>
    private static double Compare(float[] expected, float[] actual, float step, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int same = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > step * 1.0001f)
                Assert.Fail($"{what}: logit {i % 10} of image {i / 10} is {actual[i]}, the other {expected[i]} (step {step})");
        }
        for (int n = 0; n < expected.Length / 10; n++)
        {
            if (ArgMax(expected.AsSpan(n * 10, 10)) == ArgMax(actual.AsSpan(n * 10, 10))) same++;
        }
        return same / (double)(expected.Length / 10);
    }

    [SkippableFact]
    public void FusedIntegerRunAgreesWithTheFloatQdqSemanticsAndOnnxRuntime()
    {
        var x = FashionMnistImages(Images);
        var model = ModelLoader.Load(s_model);
        float step = OutputStep(model);
        using var fused = new InferenceSession(model);
        // The float QDQ semantics, computed literally by the reference float kernels in the model's
        // own layout: the optimized float kernels sum in another order, and one flipped rounding at an
        // inner QuantizeLinear can move a logit by more than a step.
        using var literal = new InferenceSession(model, new SessionOptions { FuseQuantizedPatterns = false, OptimizeGraph = false, MaxIsa = Isa.Reference });
        var a = fused.Run(x)[0].ToArray<float>();
        var b = literal.Run(x)[0].ToArray<float>();
        var c = RunOrt(x);

        double argmaxQdq = Compare(b, a, step, "fused vs float QDQ"), argmaxOrt = Compare(c, a, step, "fused vs ONNX Runtime");
        int equalQdq = a.Zip(b).Count(p => p.First == p.Second), equalOrt = a.Zip(c).Count(p => p.First == p.Second);
        output.WriteLine($"argmax agreement: {argmaxQdq:P1} with float QDQ, {argmaxOrt:P1} with ONNX Runtime; " +
            $"equal logits: {equalQdq}/{a.Length} and {equalOrt}/{a.Length}");
        Assert.True(argmaxQdq >= 0.99 && argmaxOrt >= 0.99);
        // ORT fuses the same groups and requantizes the same way: the logits agree exactly (2000/2000 with ORT 1.31).
        Assert.True(equalOrt >= a.Length * 99 / 100, "fewer than 99% of the logits equal ONNX Runtime's");
    }

    [Fact]
    public void EveryConvAndGemmRunsOnAnIntegerKernel()
    {
        var model = ModelLoader.Load(s_model);
        int convs = model.Graph.Nodes.Count(n => n.OpType == "Conv"), gemms = model.Graph.Nodes.Count(n => n.OpType == "Gemm");
        Assert.Equal((3, 1), (convs, gemms));
        using var session = new InferenceSession(model);
        var plan = session.PlanFor([Tensor.Zeros(DataType.Float32, new Shape(1, 1, 28, 28))]);
        Assert.DoesNotContain(plan.Steps, s => s.Node.OpType is "Conv" or "Gemm" or "MatMul" || s.KernelName.StartsWith("f32-conv", StringComparison.Ordinal));
        Assert.Equal(convs, plan.Steps.Count(s => s.Node.OpType == "QLinearConv" && s.KernelName == "qu8-qlinearconv-ref"));
        Assert.Equal(gemms, plan.Steps.Count(s => s.Node.OpType == "QGemm" && s.KernelName == "qu8-qgemm-ref"));
        Assert.Equal(convs, session.Fusions.Count(f => f.Pattern == "DQ-Conv-Q"));
        Assert.Equal(gemms, session.Fusions.Count(f => f.Pattern == "DQ-Gemm-Q"));
        // Only the model's boundary stays float: QuantizeLinear of the input, DequantizeLinear of the logits.
        Assert.Equal(["QuantizeLinear", "DequantizeLinear"], plan.Steps.Where(s => s.KernelName.StartsWith("f32", StringComparison.Ordinal) || s.Node.OpType == "DequantizeLinear").Select(s => s.Node.OpType));
    }

    [Fact]
    public void FusedRunAllocatesNothing()
    {
        using var session = new InferenceSession(ModelLoader.Load(s_model));
        var x = Tensor.FromArray(new Shape(1, 1, 28, 28), Enumerable.Range(0, 784).Select(i => (i % 29) / 10f - 1f).ToArray());
        var y = Tensor.Zeros(DataType.Float32, new Shape(1, 10));
        Tensor[] inputs = [x], outputs = [y];
        session.Run(inputs, outputs);
        Assert.Equal(0, Allocations.SteadyState(() => session.Run(inputs, outputs), runs: 10));
        Assert.Contains(y.ToArray<float>(), v => v != 0f);
    }
}
