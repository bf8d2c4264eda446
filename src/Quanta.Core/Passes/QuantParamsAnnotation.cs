namespace Quanta.Core;

/// <summary>
/// Copies the quantization parameters that ONNX quantized ops carry as inputs (scale and zero-point
/// operands) onto the int8 values themselves (<see cref="Value.Quant"/>), the form the TFLite-domain
/// ops read. A value takes the parameters of the first op that names them (its producer or a
/// reader), and MaxPool, Concat and the reshaping ops on codes pass them through. Nothing is
/// overwritten: a value whose readers disagree with its producer keeps the first parameters, and
/// <see cref="NhwcQuantizedLowering"/> lowers only ops whose own operands equal the annotation, so a
/// disagreement leaves those ops on their ONNX kernels instead of computing with wrong parameters.
/// </summary>
internal static class QuantParamsAnnotation
{
    private static readonly HashSet<string> s_codeOps = ["MaxPool", "Concat", "Pad", "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Identity"];

    /// <summary>Annotates the int8 values of <paramref name="graph"/>.</summary>
    public static void Run(Graph graph)
    {
        foreach (var node in graph.Nodes)
        {
            foreach (var (value, scale, zeroPoint) in Operands(node)) Claim(value, Read(node, scale, zeroPoint));
        }
        for (int round = 0; round < 32; round++)
        {
            bool changed = false;
            foreach (var node in graph.Nodes)
            {
                if (node.Domain.Length != 0 || !s_codeOps.Contains(node.OpType) || node.Outputs.Count == 0) continue;
                var data = node.OpType == "Concat" ? node.Inputs.ToList() : [node.InputOrNull(0)];
                data.Add(node.Outputs[0]);
                if (data.Any(v => v is null || v.Type != DataType.Int8)) continue;
                var known = data.FirstOrDefault(v => v!.Quant is not null)?.Quant;
                if (known is null) continue;
                foreach (var v in data)
                {
                    if (v!.Quant is not null) continue;
                    v.Quant = known;
                    changed = true;
                }
            }
            if (!changed) break;
        }
    }

    /// <summary>Per-tensor parameters read from constant scale and zero-point inputs, or null.</summary>
    public static QuantParams? Read(Node node, int scaleIndex, int zeroPointIndex)
    {
        if (node.InputOrNull(scaleIndex) is not { Constant: { ElementCount: 1, Type: DataType.Float32 } scale }) return null;
        long zeroPoint = 0;
        if (node.InputOrNull(zeroPointIndex) is { } z)
        {
            if (z.Constant is not { ElementCount: 1 } zt) return null;
            zeroPoint = zt.GetInt64(0);
        }
        float s = scale.ToFloatArray()[0];
        return float.IsFinite(s) && s > 0 && zeroPoint is >= sbyte.MinValue and <= sbyte.MaxValue ? new QuantParams(s, (int)zeroPoint) : null;
    }

    /// <summary>True when <paramref name="v"/> is an int8 value annotated with exactly <paramref name="q"/>.</summary>
    public static bool Carries(Value? v, QuantParams? q) => v is { Type: DataType.Int8, Quant: { } vq } && q is not null && vq.Equals(q);

    private static void Claim(Value? v, QuantParams? q)
    {
        if (v is { Type: DataType.Int8, Quant: null } && q is not null) v.Quant = q;
    }

    /// <summary>(value, scale input, zero-point input) of each quantized activation the op names.</summary>
    private static IEnumerable<(Value? Value, int Scale, int ZeroPoint)> Operands(Node node)
    {
        var y = node.Outputs.Count > 0 ? node.Outputs[0] : null;
        switch (node.Domain, node.OpType)
        {
            case ("", "QuantizeLinear"):
                yield return (y, 1, 2);
                break;
            case ("", "DequantizeLinear"):
                yield return (node.InputOrNull(0), 1, 2);
                break;
            case ("", "QLinearConv" or "QLinearMatMul"):
                yield return (node.InputOrNull(0), 1, 2);
                yield return (y, 6, 7);
                break;
            case (OpDomains.Microsoft, "QGemm"):
                yield return (node.InputOrNull(0), 1, 2);
                if (node.InputOrNull(7) is not null) yield return (y, 7, 8);
                break;
            case (OpDomains.Microsoft, "QLinearAdd" or "QLinearMul"):
                yield return (node.InputOrNull(0), 1, 2);
                yield return (node.InputOrNull(3), 4, 5);
                yield return (y, 6, 7);
                break;
            case (OpDomains.Microsoft, "QLinearAveragePool" or "QLinearGlobalAveragePool" or "QLinearSigmoid" or "QLinearLeakyRelu"):
                yield return (node.InputOrNull(0), 1, 2);
                yield return (y, 3, 4);
                break;
            case (OpDomains.Microsoft, "QLinearConcat"):
                yield return (y, 0, 1);
                for (int i = 2; i + 2 < node.Inputs.Count; i += 3) yield return (node.InputOrNull(i), i + 1, i + 2);
                break;
        }
    }
}
