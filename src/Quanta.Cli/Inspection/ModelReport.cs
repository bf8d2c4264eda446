using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Cli.Inspection;

/// <summary>One tensor of a model as <c>inspect</c> lists it.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Kind">input, output, constant or activation.</param>
/// <param name="Type">Element type (Undefined when inference could not tell).</param>
/// <param name="Shape">Shape, or null when unknown.</param>
/// <param name="Quant">Quantization parameters, or null.</param>
internal sealed record TensorEntry(string Name, string Kind, DataType Type, Shape? Shape, QuantParams? Quant);

/// <summary>How often an op occurs, and whether Quanta can run it.</summary>
internal sealed record OpEntry(string Domain, string OpType, int Count, bool Supported)
{
    /// <summary>The op as users write it: <c>Conv</c>, or <c>tflite:CONV_2D</c> outside the ONNX domain.</summary>
    public string Display => Domain.Length == 0 ? OpType : $"{Domain}:{OpType}";
}

/// <summary>A node Quanta cannot run, and why.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Op">Its op (with domain outside ONNX's).</param>
/// <param name="Reason">"no schema" (the op is unknown), "no kernel" (known, but nothing runs it yet),
/// or "no kernel for T inputs (kernels: …)" (kernels exist for other element types only).</param>
internal sealed record UnsupportedNode(string Node, string Op, string Reason);

/// <summary>What <c>quanta inspect</c> reports about a model.</summary>
internal sealed class ModelReport
{
    private ModelReport(Model model) => Model = model;

    /// <summary>The model.</summary>
    public Model Model { get; }

    /// <summary>Parameters as <see cref="ParameterCounter"/> defines them.</summary>
    public long Parameters { get; private init; }

    /// <summary>Inputs, in order.</summary>
    public IReadOnlyList<TensorEntry> Inputs { get; private init; } = [];

    /// <summary>Outputs, in order.</summary>
    public IReadOnlyList<TensorEntry> Outputs { get; private init; } = [];

    /// <summary>Every tensor of the graph.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; private init; } = [];

    /// <summary>Op histogram, most frequent first.</summary>
    public IReadOnlyList<OpEntry> Ops { get; private init; } = [];

    /// <summary>Nodes Quanta cannot run, in graph order.</summary>
    public IReadOnlyList<UnsupportedNode> Unsupported { get; private init; } = [];

    /// <summary>Why shape inference stopped, when it did (types and shapes past that point stay unknown).</summary>
    public string? ShapeInferenceProblem { get; private init; }

    /// <summary>Builds the report. Runs shape inference on the graph (in place) so that every
    /// tensor's type and shape are known where they can be.</summary>
    /// <param name="model">The model.</param>
    /// <param name="kernels">The kernels to judge support by.</param>
    public static ModelReport Build(Model model, KernelRegistry kernels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(kernels);
        var graph = model.Graph;
        string? problem = null;
        try
        {
            GraphShapeInference.Run(graph, model.Opset);
        }
        catch (QuantaException e)
        {
            problem = e.Message;
        }

        var unsupported = new List<UnsupportedNode>();
        foreach (var node in graph.Nodes)
        {
            if (WhyUnsupported(node, kernels) is { } reason)
                unsupported.Add(new UnsupportedNode(node.Name, node.Domain.Length == 0 ? node.OpType : $"{node.Domain}:{node.OpType}", reason));
        }
        var unsupportedNames = unsupported.Select(u => u.Node).ToHashSet(StringComparer.Ordinal);
        var ops = graph.Nodes
            .GroupBy(n => (Domain: OpSchemas.NormalizeDomain(n.Domain), n.OpType))
            .Select(g => new OpEntry(g.Key.Domain, g.Key.OpType, g.Count(), !g.Any(n => unsupportedNames.Contains(n.Name))))
            .OrderByDescending(o => o.Count).ThenBy(o => o.Display, StringComparer.Ordinal)
            .ToArray();

        var inputs = new HashSet<Value>(graph.Inputs);
        var outputs = new HashSet<Value>(graph.Outputs);
        string KindOf(Value v) => outputs.Contains(v) ? "output" : inputs.Contains(v) ? "input" : v.IsConstant ? "constant" : "activation";
        TensorEntry Entry(Value v) => new(v.Name, KindOf(v), v.Type, v.Shape, v.Quant);

        return new ModelReport(model)
        {
            Parameters = ParameterCounter.Count(graph),
            Inputs = graph.Inputs.Select(Entry).ToArray(),
            Outputs = graph.Outputs.Select(Entry).ToArray(),
            Tensors = graph.Values.Select(Entry).ToArray(),
            Ops = ops,
            Unsupported = unsupported,
            ShapeInferenceProblem = problem,
        };
    }

    /// <summary>
    /// Why Quanta cannot run a node, or null when it can: "no schema" (the op is unknown), "no
    /// kernel" (known, but nothing runs it yet), or "no kernel for int8 inputs" when kernels exist
    /// for other types only. The type that selects a kernel is found as the plan compiler finds it
    /// (<see cref="KernelRegistry.KeyType(IReadOnlyList{ValueInfo}, IReadOnlyList{ValueInfo}, int?)"/>);
    /// it is not judged when shape inference left it unknown.
    /// </summary>
    private static string? WhyUnsupported(Node node, KernelRegistry kernels)
    {
        var schema = OpSchemas.Find(node);
        if (schema is null) return "no schema";
        if (!kernels.Supports(node.Domain, node.OpType)) return "no kernel";
        var inputs = node.Inputs.Select(v => v is null ? null : ValueInfo.Of(v)).ToList();
        var outputs = node.Outputs.Select(ValueInfo.Of).ToList();
        var keyType = KernelRegistry.KeyType(inputs, outputs, schema.KernelKeyInput);
        if (keyType == DataType.Undefined) return null;
        var types = kernels.TypesOf(node.Domain, node.OpType).ToList();
        return types.Contains(keyType)
            ? null
            : $"no kernel for {keyType.ToString().ToLowerInvariant()} inputs (kernels: {string.Join(", ", types.Select(t => t.ToString().ToLowerInvariant()))})";
    }

    /// <summary>Opsets as users know them: ai.onnx for the default domain.</summary>
    public IReadOnlyDictionary<string, long> Opsets =>
        Model.Opsets.ToDictionary(kv => kv.Key.Length == 0 ? "ai.onnx" : kv.Key, kv => kv.Value);
}
