using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// The optimized session end to end on <see cref="SmallCnn"/>: kernels of the best ISA the
/// environment allows are chosen, results match the literal graph on the reference kernels,
/// any thread count gives the same bits, and a run allocates nothing. Also run by
/// <see cref="ForcedIsaTests"/> with AVX2 and with all hardware intrinsics disabled.
/// </summary>
public class OptimizedSessionTests
{
    [Fact]
    public void CpuFeaturesFollowTheEnvironment()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0") Assert.Equal(Isa.Reference, CpuFeatures.Best);
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0") Assert.True(CpuFeatures.Best < Isa.Avx2);
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0") Assert.True(CpuFeatures.Best < Isa.Avx512);
    }

    [Fact]
    public void KernelsOfTheBestIsaAreChosenAndMatchTheLiteralGraph()
    {
        var model = SmallCnn.Build();
        var x = SmallCnn.Input();
        using var literal = new InferenceSession(model, new SessionOptions { OptimizeGraph = false, MaxIsa = Isa.Reference });
        using var fast = new InferenceSession(model);
        var plan = fast.PlanFor([x]);
        // AVX-512 machines run the GEMM ops with 512-bit tiles where they fit and the rest with AVX2.
        string[] suffixes = CpuFeatures.Best switch
        {
            Isa.Avx512 => ["-avx512", "-avx2"],
            Isa.Avx2 => ["-avx2"],
            Isa.Vector128 => ["-vector128"],
            _ => ["-ref"],
        };
        foreach (var op in new[] { "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "MAX_POOL_2D", "MEAN" })
            Assert.Contains(plan.Steps, s => s.Node.OpType == op && suffixes.Any(x => s.KernelName.EndsWith(x, StringComparison.Ordinal)));
        Assert.Contains(plan.Steps, s => s.KernelName.EndsWith(suffixes[0], StringComparison.Ordinal));
        // Pads SAME cannot express were folded into the windows, activations into their producers;
        // only the count_include_pad average keeps its PAD (its zeros must be counted).
        Assert.Equal(["PAD avg/pad"], plan.Steps.Where(s => s.Node.OpType is "PAD" or "PADV2" or "Relu" or "Clip").Select(s => $"{s.Node.OpType} {s.Node.Name}"));
        NhwcLoweringModelTests.AssertClose(literal.Run(x)[0].ToArray<float>(), fast.Run(x)[0].ToArray<float>(), 1e-4f);
    }

    [Fact]
    public void ResidualAddIsFusedIntoTheConvolutionOnlyWithOptimizedKernels()
    {
        var model = SmallCnn.Build();
        var x = SmallCnn.Input();
        using var literal = new InferenceSession(model, new SessionOptions { OptimizeGraph = false, MaxIsa = Isa.Reference });
        using var fast = new InferenceSession(model);
        using var reference = new InferenceSession(model, new SessionOptions { MaxIsa = Isa.Reference });
        var fastSteps = fast.PlanFor([x]).Steps;
        var referenceSteps = reference.PlanFor([x]).Steps;
        // The residual ADD(RELU) after the pointwise conv: folded into it where an optimized float
        // CONV_2D runs (as its input 3), kept where the reference kernels run.
        Assert.Contains(referenceSteps, s => s.Node.OpType == "ADD");
        if (CpuFeatures.Best > Isa.Reference)
        {
            Assert.DoesNotContain(fastSteps, s => s.Node.OpType == "ADD");
            var pw = Assert.Single(fastSteps, s => s.Node.OpType == "CONV_2D" && s.Node.Inputs.Count == 4);
            Assert.Equal("RELU", pw.Node.Attributes.GetString("fused_activation_function", "NONE"));
        }
        var expected = literal.Run(x)[0].ToArray<float>();
        NhwcLoweringModelTests.AssertClose(expected, fast.Run(x)[0].ToArray<float>(), 1e-4f);
        NhwcLoweringModelTests.AssertClose(expected, reference.Run(x)[0].ToArray<float>(), 1e-4f);
    }

    [Fact]
    public void AnyThreadCountGivesTheSameBits()
    {
        var model = SmallCnn.Build(batch: 3);
        var x = SmallCnn.Input(batch: 3);
        using var one = new InferenceSession(model, new SessionOptions { Threads = 1 });
        var expected = one.Run(x)[0].ToArray<float>();
        foreach (int threads in new[] { 2, 3, 4 })
        {
            using var many = new InferenceSession(model, new SessionOptions { Threads = threads });
            for (int run = 0; run < 3; run++) Assert.Equal(expected, many.Run(x)[0].ToArray<float>());
        }
    }

    [Fact]
    public void RunAllocatesNothing()
    {
        var model = SmallCnn.Build();
        var x = SmallCnn.Input();
        using var session = new InferenceSession(model);
        var y = Tensor.Zeros(DataType.Float32, new Shape(2, 10));
        Tensor[] inputs = [x], outputs = [y];
        session.Run(inputs, outputs);
        Assert.Equal(0, Allocations.SteadyState(() => session.Run(inputs, outputs)));
    }
}
