using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>A small builder of QDQ graphs (opset 13) for the fusion tests.</summary>
internal sealed class QdqGraph
{
    private readonly Graph _g = new();
    private int _n;

    public Value Input(string name, params int[] shape) => _g.AddInput(name, DataType.Float32, new Shape(shape));

    public Value Const(Tensor t) => _g.AddConstant($"k{_n++}", t);

    public Value Node(string op, Value?[] inputs, Action<AttributeMap>? attributes = null, string domain = "")
    {
        var y = _g.AddValue($"v{_n++}");
        var node = _g.AddNode(op, inputs, [y], $"{op}_{_n}", domain);
        attributes?.Invoke(node.Attributes);
        return y;
    }

    /// <summary>QuantizeLinear to <paramref name="type"/>, per tensor.</summary>
    public Value Q(Value x, float scale, int zeroPoint, DataType type) =>
        Node("QuantizeLinear", [x, Const(Tensor.Scalar(scale)), Const(QData.Zp(type, zeroPoint))]);

    /// <summary>DequantizeLinear per tensor.</summary>
    public Value DQ(Value q, float scale, int zeroPoint, DataType type) =>
        Node("DequantizeLinear", [q, Const(Tensor.Scalar(scale)), Const(QData.Zp(type, zeroPoint))]);

    /// <summary>DequantizeLinear of a constant along <paramref name="axis"/>.</summary>
    public Value DQ(Tensor q, float[] scales, int[] zeroPoints, int axis) =>
        Node("DequantizeLinear", [Const(q), Const(scales.Length == 1 ? Tensor.Scalar(scales[0]) : Tensor.Vector(scales)),
            Const(zeroPoints.Length == 1 ? QData.Zp(q.Type, zeroPoints[0]) : QData.Zps(q.Type, zeroPoints))], a => a.Set("axis", axis));

    /// <summary>Q then DQ with the same parameters (a quantized activation).</summary>
    public Value QDQ(Value x, float scale, int zeroPoint, DataType type) => DQ(Q(x, scale, zeroPoint, type), scale, zeroPoint, type);

    public Model Build(params Value[] outputs)
    {
        _g.Outputs.AddRange(outputs);
        return new Model(_g, ModelFormat.Onnx) { Opsets = { [""] = 13 } };
    }

    /// <summary>Runs the model fused and literally; returns both sessions' outputs and the fused session.</summary>
    public static (float[] Fused, float[] Literal, InferenceSession Session) RunBoth(Model model, params Tensor[] inputs) => RunBoth(model, new SessionOptions(), inputs);

    /// <summary>As <see cref="RunBoth(Model, Tensor[])"/>, the fused session with <paramref name="fusedOptions"/>
    /// (OptimizeGraph = false keeps the fused QLinear ops in the plan instead of their NHWC lowering).</summary>
    public static (float[] Fused, float[] Literal, InferenceSession Session) RunBoth(Model model, SessionOptions fusedOptions, params Tensor[] inputs)
    {
        var fused = new InferenceSession(model, fusedOptions);
        using var literal = new InferenceSession(model, new SessionOptions { FuseQuantizedPatterns = false });
        Assert.Empty(literal.Fusions);
        return (fused.Run(inputs)[0].ToArray<float>(), literal.Run(inputs)[0].ToArray<float>(), fused);
    }

    /// <summary>Random floats in [lo, hi).</summary>
    public static Tensor Random(Random rng, float lo, float hi, params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.FromArray(s, Enumerable.Range(0, (int)s.ElementCount).Select(_ => (float)(lo + rng.NextDouble() * (hi - lo))).ToArray());
    }

    /// <summary>Every output within <paramref name="step"/> (one quantization step) of the other, and most equal.</summary>
    public static void WithinOneStep(float[] expected, float[] actual, float step)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= step * 1.001f, $"element {i}: {actual[i]} vs {expected[i]} (step {step})");
    }
}
