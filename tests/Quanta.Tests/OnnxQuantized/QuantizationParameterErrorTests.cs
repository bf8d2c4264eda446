using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>
/// Bad quantization parameters are a <see cref="QuantizationParameterException"/> naming the tensor —
/// at session creation when they are constants, at run time when they are fed — never a wrong answer.
/// </summary>
public class QuantizationParameterErrorTests
{
    /// <summary>A QLinearConv (uint8 x, int8 w, uint8 y) whose inputs can be replaced; constants are named c0…c8.</summary>
    private static NodeCase Conv(Func<int, Tensor?, Tensor?>? replace = null)
    {
        Tensor?[] inputs =
        [
            null, Tensor.Scalar(0.1f), QData.Zp(DataType.UInt8, 128),
            QData.Ints(DataType.Int8, new Shape(2, 1, 1, 1), 3, -3), Tensor.Vector(0.01f, 0.02f), QData.Zps(DataType.Int8, 0, 0),
            Tensor.Scalar(0.05f), QData.Zp(DataType.UInt8, 128), QData.Zps(DataType.Int32, 5, -5),
        ];
        var node = new NodeCase("QLinearConv").Input(QData.Ints(DataType.UInt8, new Shape(1, 1, 2, 2), 1, 2, 3, 4));
        for (int i = 1; i < inputs.Length; i++)
        {
            var t = replace is null ? inputs[i] : replace(i, inputs[i]);
            if (t is null) node.Absent();
            else node.Constant(t);
        }
        return node;
    }

    private static void Fails(string tensor, string fragment, Action run)
    {
        var e = Assert.Throws<QuantizationParameterException>(run);
        Assert.Equal(tensor, e.TensorName);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheValidConvRuns() => Assert.Equal(new Shape(1, 2, 2, 2), Conv().Run()[0].Shape);

    [Fact]
    public void MissingScale() => Fails("node:y_scale", "missing", () => Conv((i, t) => i == 6 ? null : t).Run());

    [Fact]
    public void MissingDequantizeScale() =>
        Fails("node:x_scale", "missing", () => new NodeCase("DequantizeLinear").Input(QData.Zps(DataType.UInt8, 1, 2)).Absent().Constant(QData.Zp(DataType.UInt8, 0)).Run());

    [Fact]
    public void ScaleOfTheWrongLength()
    {
        Fails("c4", "3 values", () => Conv((i, t) => i == 4 ? Tensor.Vector(0.1f, 0.1f, 0.1f) : t).Run());
        Fails("c1", "2 values", () => new NodeCase("DequantizeLinear").Int("axis", 1)
            .Input(QData.Ints(DataType.Int8, new Shape(1, 3), 1, 2, 3)).Constant(Tensor.Vector(1f, 2f)).Constant(QData.Zps(DataType.Int8, 0, 0)).Run());
    }

    [Fact]
    public void ZeroPointOfTheWrongLengthOrType()
    {
        Fails("c5", "zero point", () => Conv((i, t) => i == 5 ? QData.Zps(DataType.Int8, 0, 0, 0) : t).Run());
        Fails("c2", "must be UInt8", () => Conv((i, t) => i == 2 ? QData.Zp(DataType.Int8, 0) : t).Run());
        Fails("c2", "zero point", () => new NodeCase("QuantizeLinear").Input(Tensor.Vector(1f)).Constant(Tensor.Scalar(1f)).Constant(Tensor.Scalar(0f)).Run());
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ConstantScaleThatIsNotFinitePositiveFailsAtSessionCreation(float scale)
    {
        Fails("c6", "must be finite and positive", () => Conv((i, t) => i == 6 ? Tensor.Scalar(scale) : t).Run());
        Fails("c1", "must be finite and positive", () => new NodeCase("QuantizeLinear").Input(Tensor.Vector(1f)).Constant(Tensor.Scalar(scale)).Run());
    }

    [Fact]
    public void FedScaleThatIsZeroFailsAtRunTime()
    {
        var model = new NodeCase("DequantizeLinear").Input(QData.Zps(DataType.UInt8, 1, 2)).Input(Tensor.Scalar(1f)).Build();
        using var session = new InferenceSession(model);
        var x = QData.Zps(DataType.UInt8, 1, 2);
        Assert.Equal([1f, 2f], session.Run(x, Tensor.Scalar(1f))[0].ToArray<float>());
        var e = Assert.Throws<QuantizationParameterException>(() => session.Run(x, Tensor.Scalar(0f)));
        Assert.Equal("in1", e.TensorName);
    }

    [Fact]
    public void ZeroPointOutOfRangeForInt32Data() =>
        Fails("c2", "out of range", () => new NodeCase("DequantizeLinear").Input(QData.Zps(DataType.Int32, 1)).Constant(Tensor.Scalar(1f)).Constant(QData.Zp(DataType.Int32, 5)).Run());

    [Fact]
    public void Int8BiasWhereInt32IsRequired()
    {
        Fails("c8", "must be int32", () => Conv((i, t) => i == 8 ? QData.Zps(DataType.Int8, 5, -5) : t).Run());
        Fails("c6", "must be int32", () => new NodeCase("QGemm", OpDomains.Microsoft)
            .Input(QData.Ints(DataType.UInt8, new Shape(1, 2), 1, 2)).Constant(Tensor.Scalar(1f)).Constant(QData.Zp(DataType.UInt8, 0))
            .Constant(QData.Ints(DataType.Int8, new Shape(2, 1), 1, 2)).Constant(Tensor.Scalar(1f)).Constant(QData.Zp(DataType.Int8, 0))
            .Constant(QData.Zps(DataType.Int8, 3)).Constant(Tensor.Scalar(1f)).Constant(QData.Zp(DataType.UInt8, 0)).Run());
    }
}
