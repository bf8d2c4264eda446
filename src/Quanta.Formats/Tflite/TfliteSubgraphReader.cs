using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>Reads one TFLite subgraph into a <see cref="Graph"/>: its tensors, inputs, operators and outputs.</summary>
internal static class TfliteSubgraphReader
{
    /// <summary>Reads subgraph <paramref name="index"/>.</summary>
    /// <exception cref="ModelFormatException">The subgraph refers to missing tensors or operator codes.</exception>
    public static Graph Read(TfliteReadContext ctx, int index, TfliteOpCode[] codes)
    {
        ctx.Location = $"subgraph {index}";
        var subgraph = ctx.Root.Subgraphs(index) ?? throw ctx.Error($"subgraph {index} is missing");
        string name = subgraph.Name ?? "";
        var graph = new Graph { Name = name.Length == 0 ? "main" : name };
        int[] inputs = ctx.Ints(subgraph.GetInputsBytes(), subgraph.InputsLength, $"the inputs of subgraph {index}");
        int[] outputs = ctx.Ints(subgraph.GetOutputsBytes(), subgraph.OutputsLength, $"the outputs of subgraph {index}");

        var opOutputs = TfliteOperatorReader.OutputIndices(ctx, subgraph, index);
        var values = TfliteTensorReader.ReadAll(ctx, subgraph, index, graph, [.. inputs], opOutputs);

        ctx.Location = $"subgraph {index} inputs";
        foreach (int t in inputs)
        {
            var value = TensorAt(ctx, values, t, $"subgraph {index} input {graph.Inputs.Count}");
            if (graph.Inputs.Contains(value))
                throw ctx.Error($"tensor '{value.Name}' is listed twice among the inputs of subgraph {index}");
            graph.Inputs.Add(value);
        }
        TfliteOperatorReader.ReadAll(ctx, subgraph, index, graph, values, codes);
        ctx.Location = $"subgraph {index} outputs";
        foreach (int t in outputs)
        {
            graph.Outputs.Add(TensorAt(ctx, values, t, $"subgraph {index} output {graph.Outputs.Count}"));
        }
        RemoveUnusedValues(graph);
        return graph;
    }

    private static Value TensorAt(TfliteReadContext ctx, Value[] values, int index, string user)
    {
        if (index < 0 || index >= values.Length)
            throw ctx.Error($"{user} refers to tensor {index}, but the subgraph has {values.Length} tensors");
        return values[index];
    }

    /// <summary>Drops tensors nothing reads or writes (e.g. LSTM intermediates, which only carry
    /// quantization parameters for their op and are not part of the dataflow).</summary>
    private static void RemoveUnusedValues(Graph graph)
    {
        var used = new HashSet<Value>(graph.Inputs.Concat(graph.Outputs));
        foreach (var node in graph.Nodes)
        {
            foreach (var v in node.Inputs)
            {
                if (v is not null) used.Add(v);
            }
            used.UnionWith(node.Outputs);
        }
        foreach (var v in graph.Values.ToList())
        {
            if (!used.Contains(v)) graph.RemoveValue(v);
        }
    }
}
