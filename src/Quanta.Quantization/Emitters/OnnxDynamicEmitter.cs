using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Writes a dynamic-range plan in the form ONNX Runtime runs: convolutions read int8 weights
/// through a DequantizeLinear and compute in float; fully-connected layers (Gemm, MatMul with
/// constant weights) quantize their input at run time with DynamicQuantizeLinear (uint8, one
/// scale for the whole tensor) and multiply in integers with MatMulInteger, then rescale by
/// <c>input_scale × weight_scale[n]</c> and add the float bias.
/// </summary>
public static class OnnxDynamicEmitter
{
    /// <summary>The dynamic-range model of a dynamic <paramref name="result"/>.</summary>
    /// <exception cref="UnsupportedException">The plan is not in dynamic mode.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plan = result.Plan;
        if (plan.Mode != QuantizationMode.Dynamic)
            throw new UnsupportedException($"the dynamic-range form holds dynamic plans; this plan is {QuantizationModes.NameOf(plan.Mode)}");
        var model = result.FloatModel.Clone();
        var g = model.Graph;
        var builder = new QdqBuilder(g);
        foreach (var node in g.Nodes.ToList())
        {
            if (!plan.IsQuantized(node.Name) || node.InputOrNull(1) is not { } w || plan.Find(w.Name) is not { } q) continue;
            if (node.OpType is "Gemm" or "MatMul") ReplaceFullyConnected(g, builder, node, w, q);
            else DequantizeWeights(g, builder, node, w, q);
        }
        GraphEdits.Finish(model);
        return new EmittedModel(model, GraphEdits.SameNamedValues(result.FloatModel.Graph, g));
    }

    private static void DequantizeWeights(Graph g, QdqBuilder builder, Node node, Value w, ValueQuantization q)
    {
        var stored = g.AddConstant(builder.Name("w"), QuantScheme.Quantize(w.Constant!, q.Type, q.Params!, TensorRole.Weight).WithQuant(null));
        GraphEdits.Reroute(node, w, builder.Dequantize(stored, q.Params!, w.Name, withZeroPoint: false));
    }

    /// <summary>y = (MatMulInteger(q(x), W_q) as float) · (s_x · s_w) + b, writing the node's own output value.</summary>
    private static void ReplaceFullyConnected(Graph g, QdqBuilder builder, Node node, Value w, ValueQuantization q)
    {
        var x = node.Inputs[0]!;
        var y = node.Outputs[0];
        var bias = node.InputOrNull(2);
        // MatMulInteger multiplies x[.., K] by B[K, N]: a Gemm with transB = 1 stores W as [N, K].
        bool rowsAreOutputs = node.OpType == "Gemm" && node.Attributes.GetInt("transB", 0) != 0;
        var weights = QuantScheme.Quantize(w.Constant!, q.Type, q.Params!, TensorRole.Weight).WithQuant(null);
        if (rowsAreOutputs) weights = Transpose2D(weights);
        var stored = g.AddConstant(builder.Name("w"), weights);
        var scales = q.Params!.Scales.ToArray();
        var weightScale = g.AddConstant(builder.Name("s"), scales.Length == 1 ? Tensor.Scalar(scales[0]) : Tensor.Vector(scales));

        g.RemoveNode(node);
        var xq = g.AddValue(builder.Name("q"), DataType.UInt8);
        var xs = g.AddValue(builder.Name("s"), DataType.Float32);
        var xz = g.AddValue(builder.Name("z"), DataType.UInt8);
        g.AddNode("DynamicQuantizeLinear", [x], [xq, xs, xz], builder.Name("DynQ"));
        var acc = g.AddValue(builder.Name("acc"), DataType.Int32);
        g.AddNode("MatMulInteger", [xq, stored, xz], [acc], builder.Name("MatMulInteger"));
        var accf = g.AddValue(builder.Name("accf"), DataType.Float32);
        g.AddNode("Cast", [acc], [accf], builder.Name("Cast")).Attributes.Set("to", (long)DataType.Float32);
        var scale = g.AddValue(builder.Name("s"), DataType.Float32);
        g.AddNode("Mul", [xs, weightScale], [scale], builder.Name("Mul"));
        var scaled = bias is null ? y : g.AddValue(builder.Name("mm"), DataType.Float32);
        g.AddNode("Mul", [accf, scale], [scaled], bias is null ? node.Name : builder.Name("Mul"));
        if (bias is not null) g.AddNode("Add", [scaled, bias], [y], node.Name);
    }

    private static Tensor Transpose2D(Tensor t)
    {
        int rows = t.Shape[0], cols = t.Shape[1];
        var src = t.AsSpan<sbyte>();
        var dst = new sbyte[src.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
        }
        return Tensor.FromArray(new Shape(cols, rows), dst);
    }
}
