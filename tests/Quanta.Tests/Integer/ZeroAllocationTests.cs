using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>Integer kernels precompute everything at bind time: a run allocates nothing.</summary>
public class ZeroAllocationTests
{
    private static readonly QuantParams s_q8 = new(0.05f, -3);
    private static readonly QuantParams s_q16 = new(1e-3f, 0);

    public static IEnumerable<object[]> Ops()
    {
        var rng = new Random(1);
        var x8 = QuantTestData.RandomInt8(rng, new Shape(1, 6, 6, 4), s_q8);
        var x16 = QuantTestData.RandomInt16(rng, new Shape(1, 6, 6, 4), s_q16);
        var w = QuantTestData.Weights(rng, new Shape(4, 3, 3, 4), 0, 0.02f);
        var dw = QuantTestData.Weights(rng, new Shape(1, 3, 3, 4), 3, 0.02f);
        var b32 = FloatReference.RandomBias(rng, 4, DataType.Int32, 100);
        var b64 = FloatReference.RandomBias(rng, 4, DataType.Int64, 100);
        var s = new Shape(1, 6, 6, 4);
        var pool = (QuantizedOpHarness h) => h.Attr("padding", "SAME").Attr("filter_height", 2).Attr("filter_width", 2);
        QuantizedOpHarness[] ops =
        [
            new QuantizedOpHarness("CONV_2D").Input(x8).Input(w, true).Input(b32, true).Output(DataType.Int8, s, s_q8).Attr("padding", "SAME"),
            new QuantizedOpHarness("CONV_2D").Input(x16).Input(w, true).Input(b64, true).Output(DataType.Int16, s, s_q16).Attr("padding", "SAME"),
            new QuantizedOpHarness("DEPTHWISE_CONV_2D").Input(x8).Input(dw, true).Input(b32, true).Output(DataType.Int8, s, s_q8).Attr("padding", "SAME"),
            new QuantizedOpHarness("FULLY_CONNECTED").Input(QuantTestData.RandomInt8(rng, new Shape(2, 36), s_q8))
                .Input(QuantTestData.Weights(rng, new Shape(5, 36), 0, 0.01f), true).NoInput().Output(DataType.Int8, new Shape(2, 5), s_q8),
            new QuantizedOpHarness("TRANSPOSE_CONV") { KeyInput = 2 }.Input(Tensor.Vector(1, 6, 6, 4), true).Input(w, true).Input(x16)
                .Input(b64, true).Output(DataType.Int16, s, s_q16).Attr("padding", "SAME"),
            new QuantizedOpHarness("ADD").Input(x8).Input(QuantTestData.RandomInt8(rng, new Shape(4), s_q8)).Output(DataType.Int8, s, s_q8),
            new QuantizedOpHarness("SUB").Input(x16).Input(x16).Output(DataType.Int16, s, s_q16),
            new QuantizedOpHarness("MUL").Input(x8).Input(x8).Output(DataType.Int8, s, s_q8),
            pool(new QuantizedOpHarness("AVERAGE_POOL_2D").Input(x8).Output(DataType.Int8, s, s_q8)),
            pool(new QuantizedOpHarness("MAX_POOL_2D").Input(x16).Output(DataType.Int16, s, s_q16)),
            new QuantizedOpHarness("MEAN").Input(x8).Input(Tensor.Vector(1, 2), true).Output(DataType.Int8, new Shape(1, 1, 1, 4), s_q8),
            new QuantizedOpHarness("SOFTMAX").Input(x8).Output(DataType.Int8, s, new QuantParams(1f / 256, -128)),
            new QuantizedOpHarness("SOFTMAX").Input(x16).Output(DataType.Int16, s, new QuantParams(1f / 32768, 0)),
            new QuantizedOpHarness("LOGISTIC").Input(x16).Output(DataType.Int16, s, new QuantParams(1f / 32768, 0)),
            new QuantizedOpHarness("TANH").Input(x8).Output(DataType.Int8, s, new QuantParams(1f / 128, 0)),
            new QuantizedOpHarness("HARD_SWISH").Input(x8).Output(DataType.Int8, s, s_q8),
            new QuantizedOpHarness("LEAKY_RELU").Input(x16).Output(DataType.Int16, s, s_q16).Attr("alpha", 0.3f),
            new QuantizedOpHarness("RELU6").Input(x8).Output(DataType.Int8, s, s_q8),
            new QuantizedOpHarness("PAD").Input(x8).Input(Tensor.FromArray(new Shape(4, 2), new[] { 0, 0, 1, 1, 2, 0, 0, 0 }), true)
                .Output(DataType.Int8, new Shape(1, 8, 8, 4), s_q8),
            new QuantizedOpHarness("CONCATENATION").Input(x8).Input(QuantTestData.RandomInt8(rng, s, new QuantParams(0.1f, 0)))
                .Output(DataType.Int8, new Shape(1, 6, 6, 8), s_q8).Attr("axis", 3),
            new QuantizedOpHarness("QUANTIZE").Input(Tensor.Zeros(DataType.Float32, s)).Output(DataType.Int8, s, s_q8),
            new QuantizedOpHarness("QUANTIZE").Input(x16).Output(DataType.Int8, s, s_q8),
            new QuantizedOpHarness("DEQUANTIZE").Input(x8).Output(DataType.Float32, s, null),
        ];
        return ops.Select(o => new object[] { o });
    }

    [Theory]
    [MemberData(nameof(Ops))]
    internal void RunAllocatesNothing(QuantizedOpHarness op)
    {
        var (kernel, inputs, outputs) = op.Prepare();
        kernel.Run(inputs, outputs); // JIT and first-touch outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) kernel.Run(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
