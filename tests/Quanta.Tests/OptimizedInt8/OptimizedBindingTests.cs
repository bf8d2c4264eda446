using System.Runtime.Intrinsics.X86;
using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Integer;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The optimized int8 bindings as the plan compiler creates them: for each node the kernel chosen
/// at Vector128 and at AVX2, with one and with three threads, must produce the reference binding's
/// bytes; nodes the packed kernels cannot take (non-constant weights, broadcasting ADD) fall back
/// to the reference kernel; and a run allocates nothing.
/// </summary>
public class OptimizedBindingTests
{
    private static readonly QuantParams s_in = new(0.05f, -3);
    private static readonly QuantParams s_out = new(0.11f, 7);

    private static Tensor Bias(Random rng, int n) => FloatReference.RandomBias(rng, n, DataType.Int32, 3000);

    public static IEnumerable<object[]> Nodes()
    {
        var rng = new Random(2);
        var x = QuantTestData.RandomInt8(rng, new Shape(1, 11, 9, 13), s_in);
        var w3 = QuantTestData.Weights(rng, new Shape(21, 3, 3, 13), 0, 0.02f);
        var w1 = QuantTestData.Weights(rng, new Shape(19, 1, 1, 13), 0, 0.02f);
        var dw = QuantTestData.Weights(rng, new Shape(1, 3, 3, 26), 3, 0.05f);
        var dw5 = QuantTestData.Weights(rng, new Shape(1, 5, 5, 13), 3, 0.05f);
        var fcPerTensor = QuantTestData.RandomInt8(rng, new Shape(10, 13), new QuantParams(0.01f, 4), -127, 127);
        var y = QuantTestData.RandomInt8(rng, new Shape(1, 11, 9, 13), new QuantParams(0.07f, 12));
        var cases = new (string Name, QuantizedOpHarness Node)[]
        {
            ("conv 3x3 s2 same relu6", new QuantizedOpHarness("CONV_2D").Input(x).Input(w3, true).Input(Bias(rng, 21), true)
                .Output(DataType.Int8, new Shape(1, 6, 5, 21), s_out).Attr("padding", "SAME").Attr("stride_h", 2).Attr("stride_w", 2)
                .Attr("fused_activation_function", "RELU6")),
            ("conv 3x3 dilated valid", new QuantizedOpHarness("CONV_2D").Input(x).Input(w3, true).NoInput()
                .Output(DataType.Int8, new Shape(1, 7, 5, 21), s_out).Attr("padding", "VALID").Attr("dilation_h_factor", 2).Attr("dilation_w_factor", 2)),
            ("conv 1x1", new QuantizedOpHarness("CONV_2D").Input(x).Input(w1, true).Input(Bias(rng, 19), true)
                .Output(DataType.Int8, new Shape(1, 11, 9, 19), s_out).Attr("padding", "VALID")),
            ("depthwise 3x3 M=2", new QuantizedOpHarness("DEPTHWISE_CONV_2D").Input(x).Input(dw, true).Input(Bias(rng, 26), true)
                .Output(DataType.Int8, new Shape(1, 11, 9, 26), s_out).Attr("padding", "SAME").Attr("depth_multiplier", 2)),
            ("depthwise 5x5 s2", new QuantizedOpHarness("DEPTHWISE_CONV_2D").Input(x).Input(dw5, true).Input(Bias(rng, 13), true)
                .Output(DataType.Int8, new Shape(1, 6, 5, 13), s_out).Attr("padding", "SAME").Attr("stride_h", 2).Attr("stride_w", 2)
                .Attr("fused_activation_function", "RELU")),
            ("fc per tensor with zero point", new QuantizedOpHarness("FULLY_CONNECTED").Input(x).Input(fcPerTensor, true).Input(Bias(rng, 10), true)
                .Output(DataType.Int8, new Shape(99, 10), s_out)),
            ("fc per channel", new QuantizedOpHarness("FULLY_CONNECTED").Input(x).Input(QuantTestData.Weights(rng, new Shape(5, 13), 0, 0.01f), true).NoInput()
                .Output(DataType.Int8, new Shape(99, 5), s_out)),
            ("add", new QuantizedOpHarness("ADD").Input(x).Input(y).Output(DataType.Int8, x.Shape, s_out).Attr("fused_activation_function", "RELU")),
            ("sub", new QuantizedOpHarness("SUB").Input(y).Input(x).Output(DataType.Int8, x.Shape, s_out)),
            ("max pool 3x3 s2 same", new QuantizedOpHarness("MAX_POOL_2D").Input(x).Output(DataType.Int8, new Shape(1, 6, 5, 13), s_in)
                .Attr("padding", "SAME").Attr("filter_height", 3).Attr("filter_width", 3).Attr("stride_h", 2).Attr("stride_w", 2)),
            ("average pool 2x2 valid relu", new QuantizedOpHarness("AVERAGE_POOL_2D").Input(x).Output(DataType.Int8, new Shape(1, 10, 8, 13), s_in)
                .Attr("padding", "VALID").Attr("filter_height", 2).Attr("filter_width", 2).Attr("fused_activation_function", "RELU")),
            ("mean over H and W", new QuantizedOpHarness("MEAN").Input(x).Input(Tensor.Vector(1, 2), true).Output(DataType.Int8, new Shape(1, 1, 1, 13), s_out)
                .Attr("keep_dims", 1)),
        };
        return cases.Select(c => new object[] { c.Name, c.Node });
    }

    public static IEnumerable<object[]> Fallbacks()
    {
        var rng = new Random(3);
        var x = QuantTestData.RandomInt8(rng, new Shape(1, 5, 5, 4), s_in);
        var w = QuantTestData.Weights(rng, new Shape(6, 3, 3, 4), 0, 0.02f);
        yield return new object[] { "conv with weights given at run time",
            new QuantizedOpHarness("CONV_2D").Input(x).Input(w).Output(DataType.Int8, new Shape(1, 5, 5, 6), s_out).Attr("padding", "SAME") };
        yield return new object[] { "mean over channels",
            new QuantizedOpHarness("MEAN").Input(x).Input(Tensor.Vector(3), true).Output(DataType.Int8, new Shape(1, 5, 5), s_out) };
        yield return new object[] { "broadcasting add",
            new QuantizedOpHarness("ADD").Input(x).Input(QuantTestData.RandomInt8(rng, new Shape(4), s_out)).Output(DataType.Int8, x.Shape, s_out) };
    }

    private static IEnumerable<(Isa Isa, int Threads)> Variants()
    {
        foreach (var isa in new[] { Isa.Vector128, Isa.Avx2 })
        {
            if (isa == Isa.Avx2 && !Avx2.IsSupported) continue;
            yield return (isa, 1);
            yield return (isa, 3);
        }
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    internal void OptimizedKernelsReproduceTheReference(string name, QuantizedOpHarness node)
    {
        node.MaxIsa = Isa.Reference;
        node.Threads = 1;
        var expected = node.Run().ToArray<sbyte>();
        foreach (var (isa, threads) in Variants())
        {
            node.MaxIsa = isa;
            node.Threads = threads;
            var kernel = node.Bind();
            Assert.DoesNotContain("Integer", kernel.GetType().Name, StringComparison.Ordinal); // not the reference fallback
            Assert.EndsWith(isa == Isa.Avx2 ? "-avx2" : "-v128", node.Entry().Name, StringComparison.Ordinal);
            QS8TestData.AssertEqual(expected, node.Run().ToArray<sbyte>(), $"{name} at {isa}, {threads} threads");
        }
    }

    [Theory]
    [MemberData(nameof(Fallbacks))]
    internal void UnpackableNodesFallBackToTheReferenceKernel(string name, QuantizedOpHarness node)
    {
        node.MaxIsa = Isa.Reference;
        var expected = node.Run().ToArray<sbyte>();
        node.MaxIsa = CpuFeatures.Best;
        Assert.Contains("Integer", node.Bind().GetType().Name, StringComparison.Ordinal);
        QS8TestData.AssertEqual(expected, node.Run().ToArray<sbyte>(), name);
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    internal void RunAllocatesNothing(string name, QuantizedOpHarness node)
    {
        foreach (var (isa, threads) in Variants())
        {
            node.MaxIsa = isa;
            node.Threads = threads;
            var (kernel, inputs, outputs) = node.Prepare();
            kernel.Run(inputs, outputs); // JIT, thread start and first touch outside the measurement
            long allocated = Allocations.SteadyState(() => kernel.Run(inputs, outputs), runs: 10);
            Assert.True(allocated == 0, $"{name} at {isa} with {threads} threads allocated {allocated} bytes");
        }
    }
}
