using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.OnnxQuantized;

/// <summary>A builder of int8 QOperator graphs (QLinearConv and friends) for the NHWC lowering tests.</summary>
internal sealed class QGraph
{
    private readonly Graph _g = new();
    private int _n;

    public Value Input(DataType type, params int[] shape) => _g.AddInput($"in{_n++}", type, new Shape(shape));

    public Value Value() => _g.AddValue($"v{_n++}");

    public Value Const(Tensor t) => _g.AddConstant($"k{_n++}", t);

    public Value Scale(float s) => Const(Tensor.Scalar(s));

    public Value Zp(int z) => Const(QData.Zp(DataType.Int8, z));

    public Node Node(string op, string domain, Value?[] inputs, Value output) => _g.AddNode(op, inputs, [output], $"{op}_{_n++}", domain);

    /// <summary>Random per-tensor activation parameters.</summary>
    public (float Scale, int Zp) Activation(Random rng) => ((float)(rng.NextDouble() * 0.05 + 0.01), rng.Next(-40, 41));

    public int Channels(Value v)
    {
        GraphShapeInference.Run(_g, 13, []);
        return v.Shape![1];
    }

    /// <summary>A random QLinearConv (kernel, stride, dilation, pads, per-tensor or per-channel weights,
    /// optional bias and clamp) reading <paramref name="x"/>; returns its output and output parameters.</summary>
    public (Value Y, (float Scale, int Zp) Q) Conv(Random rng, Value x, (float Scale, int Zp) xq, int c, int m, int group, bool forceSamePadding = false)
    {
        int kh = rng.Next(1, 4), kw = rng.Next(1, 4), sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
        int[] pads = [rng.Next(0, 3), rng.Next(0, 3), rng.Next(0, 3), rng.Next(0, 3)];
        if (forceSamePadding)
        {
            (kh, kw, sh, sw, dh, dw) = (3, 3, 1, 1, 1, 1);
            pads = [1, 1, 1, 1];
        }
        GraphShapeInference.Run(_g, 13, []);
        int ih = x.Shape![2], iw = x.Shape[3];
        while ((kh - 1) * dh + 1 > ih) (kh, dh) = dh > 1 ? (kh, 1) : (kh - 1, 1);
        while ((kw - 1) * dw + 1 > iw) (kw, dw) = dw > 1 ? (kw, 1) : (kw - 1, 1);
        pads[0] = Math.Min(pads[0], (kh - 1) * dh);
        pads[2] = Math.Min(pads[2], (kh - 1) * dh);
        pads[1] = Math.Min(pads[1], (kw - 1) * dw);
        pads[3] = Math.Min(pads[3], (kw - 1) * dw);
        bool perChannel = rng.Next(2) == 0;
        var ws = Enumerable.Range(0, perChannel ? m : 1).Select(_ => (float)(rng.NextDouble() * 0.02 + 0.002)).ToArray();
        int taps = kh * kw * c / group;
        var yq = ((float)(xq.Scale * ws[0] * MathF.Sqrt(taps) * rng.Next(60, 200)), rng.Next(-30, 31));
        var y = Value();
        Value?[] inputs =
        [
            x, Scale(xq.Scale), Zp(xq.Zp),
            Const(QData.Codes(rng, DataType.Int8, m, c / group, kh, kw)),
            Const(perChannel ? Tensor.Vector(ws) : Tensor.Scalar(ws[0])),
            Const(perChannel ? QData.Zps(DataType.Int8, new int[m]) : QData.Zp(DataType.Int8, 0)),
            Scale(yq.Item1), Zp(yq.Item2),
        ];
        if (rng.Next(3) != 0) inputs = [.. inputs, Const(QData.Zps(DataType.Int32, Enumerable.Range(0, m).Select(_ => rng.Next(-30000, 30000)).ToArray()))];
        var node = Node("QLinearConv", "", inputs, y);
        var a = node.Attributes;
        a.Set("kernel_shape", new long[] { kh, kw });
        a.Set("strides", new long[] { sh, sw });
        a.Set("dilations", new long[] { dh, dw });
        a.Set("pads", new long[] { pads[0], pads[1], pads[2], pads[3] });
        a.Set("group", (long)group);
        if (rng.Next(3) == 0) a.Set("quanta_output_min", (long)yq.Item2);
        if (rng.Next(4) == 0) a.Set("quanta_output_max", (long)yq.Item2 + 60);
        return (y, yq);
    }

    public Model Build(params Value[] outputs)
    {
        _g.Outputs.AddRange(outputs);
        return new Model(_g, ModelFormat.Onnx) { Opsets = { [""] = 13, [OpDomains.Microsoft] = 1 } };
    }

    /// <summary>Runs the graph optimized and on the reference QLinear kernels; asserts equal codes and
    /// returns the optimized session.</summary>
    public InferenceSession AssertBitExact(Tensor input, Value output, bool requireSpread = true, Isa? maxIsa = null)
    {
        var model = Build(output);
        var fast = new InferenceSession(model, new SessionOptions { MaxIsa = maxIsa ?? CpuFeatures.Best });
        using var reference = new InferenceSession(model, new SessionOptions { OptimizeGraph = false });
        var expected = QData.Read(reference.Run([input])[0]);
        var actual = QData.Read(fast.Run([input])[0]);
        Assert.Equal(expected, actual);
        Assert.True(!requireSpread || expected.Distinct().Count() > 1 || expected.Length < 4, "degenerate case: the outputs are constant");
        return fast;
    }
}
