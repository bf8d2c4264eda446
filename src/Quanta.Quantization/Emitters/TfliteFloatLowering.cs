using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Turns a prepared float ONNX-domain model into the same function in TFLite float ops (NHWC):
/// <see cref="NhwcLowering"/> first (Conv, pools, Gemm/MatMul), then the ops it leaves in the ONNX
/// domain one by one (element-wise ops, activations, reshapes, the boundary Transposes), and
/// finally Relu/Relu6 folded into the fused activation of the op producing their input, as the
/// TFLite converter does. The model keeps its inputs and outputs (names, NCHW shapes).
/// </summary>
internal static class TfliteFloatLowering
{
    /// <summary>The lowered copy of <paramref name="floatModel"/>.</summary>
    /// <exception cref="UnsupportedException">An op with no TFLite counterpart, naming it.</exception>
    public static Model Lower(Model floatModel)
    {
        var model = floatModel.Clone();
        var g = model.Graph;
        long opset = model.Opset > 0 ? model.Opset : 17;
        NhwcLowering.Run(g, opset);
        foreach (var node in g.Nodes.ToList())
        {
            if (node.Domain.Length == 0) LowerOnnxNode(g, node);
        }
        g.RemoveDeadCode();
        FuseActivations(g);
        g.RemoveDeadCode();
        GraphVerifier.Verify(g);
        GraphShapeInference.Run(g, opset, []);
        return model;
    }

    private static void LowerOnnxNode(Graph g, Node node)
    {
        switch (node.OpType)
        {
            case "Identity" or "Dropout":
                Bypass(g, node);
                break;
            case "Relu":
                Replace(g, node, "RELU", [node.Inputs[0]]);
                break;
            case "Clip":
                Replace(g, node, ClipOp(node), [node.Inputs[0]]);
                break;
            case "Add" or "Sub" or "Mul":
                var binary = Replace(g, node, node.OpType.ToUpperInvariant(), [node.Inputs[0], node.Inputs[1]]);
                binary.Attributes.Set("fused_activation_function", "NONE");
                // The general int16 ADD/SUB (any scales), as the converter writes for 16x8 models.
                if (node.OpType != "Mul") binary.Attributes.Set("pot_scale_int16", 0L);
                break;
            case "Sigmoid":
                Replace(g, node, "LOGISTIC", [node.Inputs[0]]);
                break;
            case "Tanh":
                Replace(g, node, "TANH", [node.Inputs[0]]);
                break;
            case "HardSwish":
                Replace(g, node, "HARD_SWISH", [node.Inputs[0]]);
                break;
            case "LeakyRelu":
                Replace(g, node, "LEAKY_RELU", [node.Inputs[0]]).Attributes.Set("alpha", node.Attributes.GetFloat("alpha", 0.01f));
                break;
            case "Softmax":
                int rank = node.Inputs[0]!.Shape?.Rank ?? 0;
                long axis = node.Attributes.GetInt("axis", -1);
                if (rank == 0 || (axis != -1 && axis != rank - 1))
                    throw new UnsupportedException($"Softmax '{node.Name}' over axis {axis} of a rank-{rank} tensor: TFLite's SOFTMAX works on the last axis");
                Replace(g, node, "SOFTMAX", [node.Inputs[0]]).Attributes.Set("beta", 1f);
                break;
            case "Concat":
                long concatAxis = node.Attributes.GetInt("axis", 0);
                if (concatAxis < 0) concatAxis += node.Outputs[0].Shape?.Rank ?? 0;
                var concat = Replace(g, node, "CONCATENATION", node.Inputs);
                concat.Attributes.Set("axis", concatAxis);
                concat.Attributes.Set("fused_activation_function", "NONE");
                break;
            case "Flatten" or "Reshape" or "Squeeze" or "Unsqueeze":
                Reshape(g, node);
                break;
            case "Transpose":
                Transpose(g, node);
                break;
            default:
                throw new UnsupportedException($"{node.OpType} '{node.Name}' has no TFLite lowering; exclude it (--exclude) or export to ONNX");
        }
    }

    private static string ClipOp(Node clip)
    {
        float min = Bound(clip, 1, "min", float.NegativeInfinity), max = Bound(clip, 2, "max", float.PositiveInfinity);
        return (min, max) switch
        {
            (0f, 6f) => "RELU6",
            (0f, float.PositiveInfinity) => "RELU",
            (-1f, 1f) => "RELU_N1_TO_1",
            _ => throw new UnsupportedException($"Clip '{clip.Name}' to [{min}, {max}] has no TFLite op (RELU, RELU6 and RELU_N1_TO_1 clamp to [0, ∞), [0, 6], [−1, 1])"),
        };
    }

    private static float Bound(Node clip, int input, string attribute, float none)
    {
        if (clip.InputOrNull(input) is { } v)
            return v.Constant is { ElementCount: 1 } c ? c.ToFloatArray()[0] : throw new UnsupportedException($"Clip '{clip.Name}' has a bound computed at run time");
        return clip.Attributes.GetFloat(attribute, none);
    }

    /// <summary>Flatten, Reshape, Squeeze, Unsqueeze → RESHAPE to the inferred output shape (an
    /// unknown batch as −1).</summary>
    private static void Reshape(Graph g, Node node)
    {
        var shape = node.Outputs[0].Shape;
        if (shape is null || shape.Dims.ToArray().Count(d => d == Shape.Unknown) > 1)
            throw new UnsupportedException($"{node.OpType} '{node.Name}': the output shape {shape?.ToString() ?? "?"} is not known well enough for a TFLite RESHAPE");
        var target = g.AddConstant(g.UniqueName($"{node.Name}/shape"), Tensor.FromArray(new Shape(shape.Rank), shape.Dims.ToArray()));
        Replace(g, node, "RESHAPE", [node.Inputs[0], target]).Attributes.Set("new_shape", shape.Dims.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>A Transpose that only moves dimensions of size 1 keeps the element order: it becomes
    /// a RESHAPE (typically the model boundary of a one-channel image); any other a TRANSPOSE.</summary>
    private static void Transpose(Graph g, Node node)
    {
        var perm = node.Attributes.GetInts("perm") ?? throw new UnsupportedException($"Transpose '{node.Name}' has no perm");
        var inShape = node.Inputs[0]!.Shape;
        if (inShape is not null)
        {
            // The axes that are not of size 1 (unknown ones included) must keep their order.
            var moved = perm.Where(p => inShape[(int)p] != 1).ToArray();
            bool orderKept = moved.Zip(moved.Skip(1)).All(pair => pair.First < pair.Second);
            if (orderKept && node.Outputs[0].Shape is { } outShape && outShape.Dims.ToArray().Count(d => d == Shape.Unknown) <= 1)
            {
                Reshape(g, node);
                return;
            }
        }
        var permValue = g.AddConstant(g.UniqueName($"{node.Name}/perm"), Tensor.FromArray(new Shape(perm.Length), perm.Select(p => (int)p).ToArray()));
        Replace(g, node, "TRANSPOSE", [node.Inputs[0], permValue]);
    }

    private static void Bypass(Graph g, Node node)
    {
        var input = node.Inputs[0]!;
        var output = node.Outputs[0];
        g.RemoveNode(node);
        if (g.Outputs.Contains(output))
        {
            // Keep the output's name: copy through a RESHAPE to the same shape.
            var shape = output.Shape ?? input.Shape;
            var target = g.AddConstant(g.UniqueName($"{node.Name}/shape"), Tensor.FromArray(new Shape(shape!.Rank), shape.Dims.ToArray()));
            g.AddNode("RESHAPE", [input, target], [output], node.Name, OpDomains.Tflite);
            g.SortTopologically();
            return;
        }
        g.ReplaceAllUses(output, input);
    }

    /// <summary>Replaces <paramref name="node"/> by a TFLite op at the same place, writing the same outputs.</summary>
    public static Node Replace(Graph g, Node node, string opType, IEnumerable<Value?> inputs, IEnumerable<Value>? outputs = null)
    {
        int index = IndexOf(g, node);
        string name = node.Name;
        var outs = (outputs ?? node.Outputs).ToList();
        g.RemoveNode(node);
        return g.InsertNode(index, opType, inputs.ToList(), outs, name, OpDomains.Tflite);
    }

    private static int IndexOf(Graph g, Node node)
    {
        for (int i = 0; i < g.Nodes.Count; i++)
        {
            if (ReferenceEquals(g.Nodes[i], node)) return i;
        }
        throw new InvalidOperationException($"node '{node.Name}' is not in the graph");
    }

    private static readonly HashSet<string> s_fusingOps = new(StringComparer.Ordinal) { "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "SUB", "MUL" };

    /// <summary>RELU/RELU6/RELU_N1_TO_1 reading the only use of a fusing op's output become that op's
    /// fused activation; the op then writes the activation's output (its name, its quantization).</summary>
    private static void FuseActivations(Graph g)
    {
        var consumers = g.BuildConsumerMap();
        foreach (var act in g.Nodes.Where(n => n.Domain == OpDomains.Tflite && n.OpType is "RELU" or "RELU6" or "RELU_N1_TO_1").ToList())
        {
            var x = act.Inputs[0]!;
            if (x.Producer is not { } producer || !s_fusingOps.Contains(producer.OpType) || producer.Domain != OpDomains.Tflite) continue;
            if (producer.Attributes.GetString("fused_activation_function", "NONE") != "NONE") continue;
            if (g.Outputs.Contains(x) || !consumers.TryGetValue(x, out var readers) || readers.Count != 1) continue;
            var y = act.Outputs[0];
            var attributes = producer.Attributes.ToList();
            g.RemoveNode(act);
            var fused = Replace(g, producer, producer.OpType, producer.Inputs, [y]);
            foreach (var (name, value) in attributes) fused.Attributes.Set(name, value);
            fused.Attributes.Set("fused_activation_function", act.OpType);
            g.RemoveValue(x);
        }
    }
}
