using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Compiles a graph for concrete input shapes: infers every shape, folds nodes whose inputs are
/// all known (constants, shapes), binds every other node to the best kernel the registry has,
/// and plans one arena for all intermediate values.
/// </summary>
internal static class PlanCompiler
{
    /// <summary>Compiles <paramref name="graph"/>.</summary>
    /// <param name="graph">A verified graph.</param>
    /// <param name="opset">The model's default-domain opset.</param>
    /// <param name="inputs">Per graph input: its concrete shape, and its contents when the plan is
    /// specialized on them (inputs that decide shapes).</param>
    /// <param name="options">Session options.</param>
    /// <exception cref="UnsupportedOperatorException">A node's op is unknown.</exception>
    /// <exception cref="UnsupportedException">No kernel runs a node with its types or attributes.</exception>
    /// <exception cref="GraphValidationException">A node's inputs contradict its op.</exception>
    public static ExecutionPlan Compile(Graph graph, long opset, IReadOnlyList<(Shape Shape, Tensor? Data)> inputs, SessionOptions options)
    {
        var info = new Dictionary<Value, ValueInfo>();
        for (int i = 0; i < graph.Inputs.Count; i++)
        {
            var v = graph.Inputs[i];
            info[v] = new ValueInfo(v.Type, inputs[i].Shape, v.Quant, inputs[i].Data);
        }
        foreach (var c in graph.Constants) info[c] = ValueInfo.Of(c);

        var drafts = new List<(Node Node, KernelEntry Entry, IKernel Kernel, ValueInfo?[] In, ValueInfo[] Out)>();
        int folded = 0;
        foreach (var node in graph.Nodes)
        {
            var inInfo = node.Inputs.Select(v => v is null ? null : info[v]).ToArray();
            var outInfo = InferOutputs(node, inInfo, opset);
            bool outputsKnown = Array.TrueForAll(outInfo, o => o.Data is not null);
            bool inputsKnown = Array.TrueForAll(inInfo, i => i is null || i.Data is not null);
            if (!outputsKnown)
            {
                var (entry, kernel) = Bind(node, inInfo, outInfo, options, opset);
                if (inputsKnown)
                {
                    outInfo = Fold(kernel, inInfo, outInfo);
                }
                else
                {
                    drafts.Add((node, entry, kernel, inInfo, outInfo));
                    for (int i = 0; i < outInfo.Length; i++) info[node.Outputs[i]] = outInfo[i];
                    continue;
                }
            }
            folded++;
            for (int i = 0; i < outInfo.Length; i++) info[node.Outputs[i]] = outInfo[i];
        }

        return Assemble(graph, info, drafts, folded);
    }

    internal static ValueInfo[] InferOutputs(Node node, ValueInfo?[] inInfo, long opset)
    {
        var schema = OpSchemas.Find(node) ?? throw new UnsupportedOperatorException(QualifiedOp(node), node.Name);
        var ctx = new InferenceContext(node, inInfo, opset);
        schema.Infer(ctx);
        var outInfo = new ValueInfo[node.Outputs.Count];
        for (int i = 0; i < outInfo.Length; i++)
        {
            var value = node.Outputs[i];
            var inferred = ctx.Outputs[i] ?? throw new GraphValidationException($"{node.OpType} '{node.Name}': output {i} '{value.Name}' was not inferred");
            if (inferred.Shape is null || !inferred.Shape.IsFullyKnown)
                throw new GraphValidationException($"{node.OpType} '{node.Name}': cannot determine the shape of output '{value.Name}' (inferred {inferred.Shape?.ToString() ?? "unknown rank"})");
            if (value.Type != DataType.Undefined && value.Type != inferred.Type)
                throw new GraphValidationException($"{node.OpType} '{node.Name}': output '{value.Name}' is declared {value.Type} but the op produces {inferred.Type}");
            outInfo[i] = new ValueInfo(inferred.Type, inferred.Shape, value.Quant, inferred.Data is null ? null : inferred.Data.WithQuant(value.Quant));
        }
        return outInfo;
    }

    internal static (KernelEntry, IKernel) Bind(Node node, ValueInfo?[] inInfo, ValueInfo[] outInfo, SessionOptions options, long opset)
    {
        var keyType = KernelRegistry.KeyType(inInfo, outInfo, OpSchemas.Find(node)?.KernelKeyInput);
        // Never above what the CPU runs: a session asking for AVX2 on a machine without it gets the best it has.
        var isa = (Isa)Math.Min((int)options.MaxIsa, (int)CpuFeatures.Best);
        var entry = options.Kernels.Find(node.Domain, node.OpType, keyType, isa);
        if (entry is null)
        {
            if (!options.Kernels.Supports(node.Domain, node.OpType))
                throw new UnsupportedOperatorException(QualifiedOp(node), node.Name);
            var types = string.Join(", ", options.Kernels.TypesOf(node.Domain, node.OpType).Distinct());
            throw new UnsupportedException($"{node.OpType} '{node.Name}': no kernel for {keyType} inputs (supported: {types})");
        }
        var kernel = entry.Create(new KernelContext(node, inInfo, outInfo, options, opset));
        return (entry, kernel);
    }

    internal static ValueInfo[] Fold(IKernel kernel, ValueInfo?[] inInfo, ValueInfo[] outInfo)
    {
        var inTensors = inInfo.Select(i => i?.Data).ToArray();
        var outTensors = outInfo.Select(o => Tensor.Zeros(o.Type, o.Shape!, o.Quant)).ToArray();
        kernel.Run(inTensors, outTensors);
        return outInfo.Select((o, i) => o with { Data = outTensors[i] }).ToArray();
    }

    private static ExecutionPlan Assemble(Graph graph, Dictionary<Value, ValueInfo> info,
        List<(Node Node, KernelEntry Entry, IKernel Kernel, ValueInfo?[] In, ValueInfo[] Out)> drafts, int folded)
    {
        // Lifetimes of every value that lives in the arena: graph inputs and step outputs.
        var first = new Dictionary<Value, int>();
        var last = new Dictionary<Value, int>();
        foreach (var v in graph.Inputs) { first[v] = -1; last[v] = -1; }
        for (int s = 0; s < drafts.Count; s++)
        {
            foreach (var v in drafts[s].Node.Inputs)
            {
                if (v is not null && first.ContainsKey(v)) last[v] = s;
            }
            foreach (var v in drafts[s].Node.Outputs) { first[v] = s; last[v] = s; }
        }
        foreach (var v in graph.Outputs)
        {
            if (first.ContainsKey(v)) last[v] = drafts.Count;
        }

        var arenaValues = first.Keys.ToList();
        var requests = arenaValues.Select(v => new ArenaPlanner.Request(
            info[v].Shape!.ElementCount * info[v].Type.SizeOf(), first[v], last[v])).ToList();
        var (offsets, total) = ArenaPlanner.Plan(requests);

        // Pinned and over-allocated so that offset 0 can sit on a 64-byte boundary.
        var arena = GC.AllocateUninitializedArray<byte>(checked((int)(total + ArenaPlanner.Alignment)), pinned: true);
        int baseOffset = AlignedBase(arena);
        var views = new Dictionary<Value, Tensor>();
        for (int i = 0; i < arenaValues.Count; i++)
        {
            var v = arenaValues[i];
            var vi = info[v];
            int bytes = checked((int)requests[i].Bytes);
            views[v] = Tensor.View(vi.Type, vi.Shape!, arena.AsMemory(baseOffset + (int)offsets[i], bytes), vi.Quant);
        }

        Tensor? Resolve(Value? v) => v is null ? null : views.TryGetValue(v, out var t) ? t : info[v].Data;

        var steps = drafts.Select(d => new PlanStep(d.Node, d.Entry, d.Kernel,
            d.Node.Inputs.Select(Resolve).ToArray(),
            d.Node.Outputs.Select(o => views[o]).ToArray())).ToList();
        var inputs = graph.Inputs.Select(v => views[v]).ToArray();
        var outputs = graph.Outputs.Select(v => Resolve(v) ?? throw new GraphValidationException($"graph output '{v.Name}' has no value")).ToArray();
        return new ExecutionPlan(steps, arena, total, inputs, outputs, folded);
    }

    private static unsafe int AlignedBase(byte[] pinned)
    {
        fixed (byte* p = pinned)
        {
            long address = (long)p;
            return (int)((ArenaPlanner.Alignment - address % ArenaPlanner.Alignment) % ArenaPlanner.Alignment);
        }
    }

    private static string QualifiedOp(Node node) => node.Domain.Length == 0 ? node.OpType : $"{node.Domain}:{node.OpType}";
}
