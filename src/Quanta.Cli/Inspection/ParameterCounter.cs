using Quanta.Core;

namespace Quanta.Cli.Inspection;

/// <summary>
/// Counts a model's parameters: the elements of its constant tensors that hold learned values
/// (weights and biases), not shapes, axes, indices or quantization parameters.
/// </summary>
/// <remarks>
/// A constant counts when it is
/// <list type="bullet">
/// <item>a float tensor (float32, float16) — weights, biases, folded BatchNorm, embedded constants;</item>
/// <item>an 8- or 16-bit integer tensor (int8, uint8, int16) — these only ever hold quantized data;</item>
/// <item>an int32 tensor that carries quantization parameters (a TFLite quantized bias), or feeds
/// ONNX <c>DequantizeLinear</c> as its data or <c>QLinearConv</c> as its bias (an ONNX quantized bias);</item>
/// </list>
/// and it is not a scalar (rank 0: op settings such as ReLU6's Clip bounds or a constant factor),
/// nor used only as an op setting — a scale or zero point of an ONNX quantized op (inputs 1–2 of
/// QuantizeLinear/DequantizeLinear; the scale and zero-point inputs of QLinearConv, QLinearMatMul,
/// ConvInteger, MatMulInteger), Clip's bounds, Pad's value, Resize's roi and scales. int64 and
/// bool constants (shapes, axes, indices, masks) never count, nor do int32 ones without the above
/// (e.g. a TFLite RESHAPE's new shape). For a float model exported from PyTorch this is the
/// number of elements of its initializers, i.e. PyTorch's parameter count after BatchNorm folding.
/// </remarks>
internal static class ParameterCounter
{
    // Input positions that hold settings rather than learned values, by ONNX op.
    private static readonly Dictionary<string, int[]> s_settingOperands = new(StringComparer.Ordinal)
    {
        ["Clip"] = [1, 2],
        ["Pad"] = [2],
        ["Resize"] = [1, 2],
        ["QuantizeLinear"] = [1, 2],
        ["DequantizeLinear"] = [1, 2],
        ["QLinearConv"] = [1, 2, 4, 5, 6, 7],
        ["QLinearMatMul"] = [1, 2, 4, 5, 6, 7],
        ["ConvInteger"] = [2, 3],
        ["MatMulInteger"] = [2, 3],
    };

    /// <summary>The number of parameters of <paramref name="graph"/>.</summary>
    public static long Count(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var uses = new Dictionary<Value, List<(Node Node, int Index)>>();
        foreach (var node in graph.Nodes)
        {
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                if (node.Inputs[i] is { IsConstant: true } v)
                {
                    if (!uses.TryGetValue(v, out var list)) uses[v] = list = [];
                    list.Add((node, i));
                }
            }
        }
        long total = 0;
        foreach (var value in graph.Constants)
        {
            var valueUses = uses.GetValueOrDefault(value) ?? [];
            if (IsParameter(value, valueUses)) total += value.Constant!.ElementCount;
        }
        return total;
    }

    private static bool IsParameter(Value value, List<(Node Node, int Index)> uses)
    {
        if (value.Constant!.Shape.Rank == 0) return false;
        if (uses.Count > 0 && uses.TrueForAll(IsSettingOperand)) return false;
        return value.Type switch
        {
            DataType.Float32 or DataType.Float16 or DataType.Int8 or DataType.UInt8 or DataType.Int16 => true,
            DataType.Int32 => value.Quant is not null || uses.Exists(u => IsOnnx(u.Node)
                && ((u.Node.OpType == "DequantizeLinear" && u.Index == 0) || (u.Node.OpType == "QLinearConv" && u.Index == 8))),
            _ => false,
        };
    }

    private static bool IsSettingOperand((Node Node, int Index) use) =>
        IsOnnx(use.Node) && s_settingOperands.TryGetValue(use.Node.OpType, out var positions) && positions.Contains(use.Index);

    private static bool IsOnnx(Node node) => OpSchemas.NormalizeDomain(node.Domain) == OpDomains.Onnx;
}
