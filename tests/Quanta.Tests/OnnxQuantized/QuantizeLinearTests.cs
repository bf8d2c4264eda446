using Quanta.Core;
using Quanta.Tests.NeuralNet;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear, hand-checked.</summary>
public class QuantizeLinearTests
{
    [Fact]
    public void QuantizeRoundsHalfToEvenAndSaturates()
    {
        // x / 0.5 = 1, 2.5, 3.5, -2.5, 400, -400 → 1, 2, 4, -2, sat, sat; + zp 10.
        var x = Tensor.Vector(0.5f, 1.25f, 1.75f, -1.25f, 200f, -200f);
        var y = new NodeCase("QuantizeLinear").Input(x).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.UInt8, 10)).Run()[0];
        Assert.Equal(DataType.UInt8, y.Type);
        Assert.Equal([11, 12, 14, 8, 255, 0], QData.Read(y));

        var s8 = new NodeCase("QuantizeLinear").Input(x).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.Int8, -3)).Run()[0];
        Assert.Equal(DataType.Int8, s8.Type);
        Assert.Equal([-2, -1, 1, -5, 127, -128], QData.Read(s8));
    }

    [Fact]
    public void QuantizeWithoutZeroPointGivesUInt8()
    {
        var y = new NodeCase("QuantizeLinear").Input(Tensor.Vector(-1f, 0.6f, 3f)).Input(Tensor.Scalar(2f)).Run()[0];
        Assert.Equal(DataType.UInt8, y.Type);
        Assert.Equal([0, 0, 2], QData.Read(y)); // −0.5 → −0 → 0; 0.3 → 0; 1.5 → 2 (even)
    }

    [Fact]
    public void QuantizePerAxisAndToInt32()
    {
        // [2, 3] along axis 0: rows use scales 1 and 0.25, zero points 0 and 5.
        var x = Tensor.FromArray(new Shape(2, 3), new[] { 1f, 2f, 3f, 0.25f, 0.625f, -0.875f });
        var y = new NodeCase("QuantizeLinear").Int("axis", 0).Input(x).Input(Tensor.Vector(1f, 0.25f)).Input(QData.Zps(DataType.Int8, 0, 5)).Run()[0];
        Assert.Equal([1, 2, 3, 6, 7, 1], QData.Read(y)); // 2.5 → 2, −3.5 → −4

        var b = new NodeCase("QuantizeLinear").Input(Tensor.Vector(1e6f, -12.5f)).Constant(Tensor.Scalar(0.5f)).Constant(QData.Zp(DataType.Int32, 0)).Run()[0];
        Assert.Equal(DataType.Int32, b.Type);
        Assert.Equal([2_000_000, -25], QData.Read(b));
    }

    [Fact]
    public void DequantizePerTensorPerAxisAndInt32()
    {
        var y = new NodeCase("DequantizeLinear").Input(QData.Zps(DataType.UInt8, 0, 3, 128, 255)).Input(Tensor.Scalar(2f)).Input(QData.Zp(DataType.UInt8, 128)).RunFloats();
        Assert.Equal([-256f, -250f, 0f, 254f], y);

        var x = QData.Ints(DataType.Int8, new Shape(1, 2, 2), -1, 2, 3, -4);
        var axis = new NodeCase("DequantizeLinear").Int("axis", 1).Input(x).Input(Tensor.Vector(0.5f, 10f)).Input(QData.Zps(DataType.Int8, 1, 0)).RunFloats();
        Assert.Equal([-1f, 0.5f, 30f, -40f], axis);

        var i32 = new NodeCase("DequantizeLinear").Input(QData.Zps(DataType.Int32, 1000, -7)).Input(Tensor.Scalar(0.25f)).RunFloats();
        Assert.Equal([250f, -1.75f], i32);
    }

    [Fact]
    public void DynamicQuantizeLinearFollowsTheSpecExample()
    {
        // ONNX's example: range [−3, 2] → scale 5/255, zero point round(3 / scale) = 153.
        var outputs = new NodeCase("DynamicQuantizeLinear").Outputs(3).Input(Tensor.Vector(0f, 2f, -3f, -2.5f, 1.34f, 0.5f)).Run();
        float scale = outputs[1].ToArray<float>()[0];
        Assert.Equal(5f / 255f, scale);
        Assert.Equal([153], QData.Read(outputs[2]));
        Assert.Equal([153, 255, 0, 26, 221, 179], QData.Read(outputs[0]));

        // All zeros: ONNX Runtime's scale 1 (the spec's formula would divide by zero).
        var zeros = new NodeCase("DynamicQuantizeLinear").Outputs(3).Input(Tensor.Vector(0f, 0f)).Run();
        Assert.Equal(1f, zeros[1].ToArray<float>()[0]);
        Assert.Equal([0, 0], QData.Read(zeros[0]));

        // Positive only: the range is widened to include 0, so the zero point is 0.
        var positive = new NodeCase("DynamicQuantizeLinear").Outputs(3).Input(Tensor.Vector(1f, 2.55f)).Run();
        Assert.Equal([0], QData.Read(positive[2]));
        Assert.Equal([100, 255], QData.Read(positive[0]));
    }
}
