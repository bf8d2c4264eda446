using Quanta.Core;

namespace Quanta.Tests.Optimized;

/// <summary>
/// A small NCHW ONNX CNN built in code with every pattern the NHWC lowering and the fusions
/// handle: a stride-2 Conv with pads SAME cannot express (→ PAD, folded back as EXPLICIT), Relu,
/// MaxPool with pads (→ PADV2 −∞), depthwise Conv + Clip(0, 6), a pointwise Conv, a residual Add
/// + Relu, Concat on channels, a count_include_pad AveragePool, a per-channel Mul by a constant,
/// GlobalAveragePool, Flatten and Gemm.
/// </summary>
internal static class SmallCnn
{
    public static Model Build(int batch = 2, int seed = 11)
    {
        var rng = new Random(seed);
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(batch, 3, 19, 17));
        Value Const(string name, params int[] dims) =>
            g.AddConstant(name, Tensor.FromArray<float>(new Shape(dims), FloatIsas.Random(rng, dims.Aggregate(1L, (a, b) => a * b), 0.5f)));
        Value Node(string op, string name, Value?[] inputs, Action<AttributeMap>? attributes = null)
        {
            var y = g.AddValue(name);
            var n = g.AddNode(op, inputs, [y], name);
            attributes?.Invoke(n.Attributes);
            return y;
        }

        var c1 = Node("Conv", "conv1", [x, Const("w1", 16, 3, 3, 3), Const("b1", 16)], a => { a.Set("strides", [2L, 2]); a.Set("pads", [1L, 1, 1, 1]); });
        var r1 = Node("Relu", "relu1", [c1]);
        var p1 = Node("MaxPool", "pool1", [r1], a => { a.Set("kernel_shape", [3L, 3]); a.Set("strides", [2L, 2]); a.Set("pads", [1L, 1, 1, 1]); });
        var dw = Node("Conv", "dw", [p1, Const("wdw", 16, 1, 3, 3), Const("bdw", 16)], a => { a.Set("group", 16L); a.Set("pads", [1L, 1, 1, 1]); });
        var six = g.AddConstant("six", Tensor.Scalar(6f));
        var zero = g.AddConstant("zero", Tensor.Scalar(0f));
        var r2 = Node("Clip", "clip", [dw, zero, six]);
        var pw = Node("Conv", "pw", [r2, Const("wpw", 16, 16, 1, 1), Const("bpw", 16)]);
        var sum = Node("Add", "add", [pw, p1]);
        var r3 = Node("Relu", "relu3", [sum]);
        var cat = Node("Concat", "concat", [r3, p1], a => a.Set("axis", 1L));
        var avg = Node("AveragePool", "avg", [cat], a => { a.Set("kernel_shape", [3L, 3]); a.Set("pads", [1L, 1, 1, 1]); a.Set("count_include_pad", 1L); });
        var scaled = Node("Mul", "scale", [avg, Const("gamma", 32, 1, 1)]);
        var gap = Node("GlobalAveragePool", "gap", [scaled]);
        var flat = Node("Flatten", "flatten", [gap]);
        var logits = Node("Gemm", "fc", [flat, Const("wfc", 10, 32), Const("bfc", 10)], a => a.Set("transB", 1L));
        g.Outputs.Add(logits);
        return new Model(g) { Opsets = { [""] = 17 } };
    }

    public static Tensor Input(int batch = 2, int seed = 3) =>
        Tensor.FromArray<float>(new Shape(batch, 3, 19, 17), FloatIsas.Random(new Random(seed), batch * 3 * 19 * 17));
}
