namespace Quanta.Core;

/// <summary>
/// The table of every op schema Quanta knows, keyed by (domain, op type). An explicit table, not a
/// reflection scan: each group of ops adds its schemas in its own <c>OpSchemas.*.cs</c> file.
/// </summary>
public static partial class OpSchemas
{
    private static readonly Dictionary<(string Domain, string OpType), IOpSchema> s_table = Build();

    /// <summary>Every registered schema.</summary>
    public static IEnumerable<IOpSchema> All => s_table.Values;

    /// <summary>The schema of an op, or null when Quanta does not know it.</summary>
    public static IOpSchema? Find(string domain, string opType) =>
        s_table.GetValueOrDefault((NormalizeDomain(domain), opType));

    /// <summary>The schema of a node's op, or null when Quanta does not know it.</summary>
    public static IOpSchema? Find(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Find(node.Domain, node.OpType);
    }

    /// <summary>ONNX spells its default domain both "" and "ai.onnx".</summary>
    public static string NormalizeDomain(string domain) => domain == "ai.onnx" ? OpDomains.Onnx : domain;

    private static Dictionary<(string, string), IOpSchema> Build()
    {
        var list = new List<IOpSchema>();
        AddElementwise(list);
        AddTensorOps(list);
        AddNeuralNet(list);
        AddQuantized(list);
        var table = new Dictionary<(string, string), IOpSchema>();
        foreach (var s in list)
        {
            if (!table.TryAdd((s.Domain, s.OpType), s))
                throw new InvalidOperationException($"op schema {s.Domain}:{s.OpType} is registered twice");
        }
        return table;
    }

    // Each group (ONNX and TFLite ops alike) lives in its own OpSchemas.<Group>.cs file; a group
    // not written yet adds nothing.
    /// <summary>Element-wise arithmetic and activations.</summary>
    static partial void AddElementwise(List<IOpSchema> list);
    /// <summary>Data movement, shape ops, reductions, softmax.</summary>
    static partial void AddTensorOps(List<IOpSchema> list);
    /// <summary>Convolution, pooling, GEMM, normalization, resize.</summary>
    static partial void AddNeuralNet(List<IOpSchema> list);
    /// <summary>Quantize/dequantize and quantized-only ops.</summary>
    static partial void AddQuantized(List<IOpSchema> list);
}
