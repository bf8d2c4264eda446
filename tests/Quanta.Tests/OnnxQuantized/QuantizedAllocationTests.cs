using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.NeuralNet;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// ONNX quantized kernels allocate nothing per run, also when scales and zero points are fed as
/// inputs (read into buffers allocated at bind time) rather than constants.
/// </summary>
public class QuantizedAllocationTests
{
    private const string Ms = OpDomains.Microsoft;

    public static TheoryData<string> Ops() =>
        ["QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "QLinearConv", "ConvInteger", "QLinearMatMul", "MatMulInteger",
         "QGemm", "QLinearAdd", "QLinearSigmoid", "QLinearAveragePool", "QLinearConcat"];

    private static NodeCase Case(string op)
    {
        var rng = new Random(op.Length);
        var u8 = DataType.UInt8;
        var x = QData.Codes(rng, u8, 1, 2, 4, 4);
        var f = Tensor.Scalar(0.1f);
        var z = QData.Zp(u8, 7);
        return op switch
        {
            "QuantizeLinear" => new NodeCase(op).Input(QdqGraph.Random(rng, -1, 1, 2, 3)).Input(Tensor.Vector(0.1f, 0.2f)).Input(QData.Zps(DataType.Int8, 1, 2)).Int("axis", 0),
            "DequantizeLinear" => new NodeCase(op).Input(x).Input(f).Input(z),
            "DynamicQuantizeLinear" => new NodeCase(op).Input(QdqGraph.Random(rng, -1, 1, 2, 3)).Outputs(3),
            "QLinearConv" => new NodeCase(op).Input(x).Input(f).Input(z).Input(QData.Codes(rng, DataType.Int8, 3, 2, 3, 3)).Input(Tensor.Vector(0.1f, 0.2f, 0.3f))
                .Input(QData.Zps(DataType.Int8, 0, 1, 2)).Input(Tensor.Scalar(2f)).Input(z).Input(QData.Zps(DataType.Int32, 1, 2, 3)).Ints("pads", 1, 1, 1, 1),
            "ConvInteger" => new NodeCase(op).Input(x).Input(QData.Codes(rng, u8, 3, 2, 3, 3)).Input(z).Input(QData.Zps(u8, 1, 2, 3)),
            "QLinearMatMul" => new NodeCase(op).Input(QData.Codes(rng, u8, 2, 3, 4)).Input(f).Input(z).Input(QData.Codes(rng, u8, 4, 5)).Input(f).Input(z).Input(f).Input(z),
            "MatMulInteger" => new NodeCase(op).Input(QData.Codes(rng, u8, 2, 3, 4)).Input(QData.Codes(rng, u8, 4, 5)).Input(QData.Zps(u8, 1, 2, 3)).Input(z),
            "QGemm" => new NodeCase(op, Ms).Input(QData.Codes(rng, u8, 3, 4)).Input(f).Input(z).Input(QData.Codes(rng, DataType.Int8, 4, 5)).Input(f)
                .Input(QData.Zp(DataType.Int8, 0)).Input(QData.Zps(DataType.Int32, 1, 2, 3, 4, 5)).Input(f).Input(z),
            "QLinearAdd" => new NodeCase(op, Ms).Input(x).Input(f).Input(z).Input(QData.Codes(rng, u8, 4)).Input(f).Input(z).Input(f).Input(z),
            "QLinearSigmoid" => new NodeCase(op, Ms).Input(x).Input(f).Input(z).Input(f).Input(z),
            "QLinearAveragePool" => new NodeCase(op, Ms).Input(x).Input(f).Input(z).Input(f).Input(z).Ints("kernel_shape", 2, 2),
            _ => new NodeCase(op, Ms).Int("axis", 1).Input(f).Input(z).Input(x).Input(f).Input(z).Input(x).Input(Tensor.Scalar(0.2f)).Input(z),
        };
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void RunWithFedParametersAllocatesNothing(string op)
    {
        var node = Case(op);
        using var session = new InferenceSession(node.Build());
        var inputs = node.Feeds();
        var outputs = session.Run(inputs).Select(t => Tensor.Zeros(t.Type, t.Shape)).ToArray();
        session.Run(inputs, outputs);
        Assert.Equal(0, Allocations.SteadyState(() => session.Run(inputs, outputs)));
    }
}
