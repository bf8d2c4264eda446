namespace Quanta.Core;

/// <summary>
/// Checks that a graph is well formed: the executable specification of the IR, run after import
/// and after every rewrite pass.
/// </summary>
/// <remarks>
/// Checked: unique node names; every node input is a graph input, a constant or the output of an
/// earlier node (topological order); each value has at most one producer and the producer lists
/// it; graph outputs are produced, inputs or constants; constants have data matching their
/// declared type and shape; quantization parameters are valid for their tensors. Unknown ops are
/// not an error here (an imported model may hold ops Quanta cannot run; the runtime says so).
/// </remarks>
public static class GraphVerifier
{
    /// <summary>Verifies <paramref name="graph"/>.</summary>
    /// <exception cref="GraphValidationException">The first problem found, naming the node or value.</exception>
    public static void Verify(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var available = new HashSet<Value>();
        foreach (var input in graph.Inputs)
        {
            if (input.IsConstant)
                throw new GraphValidationException($"graph input '{input.Name}' is also a constant");
            if (input.Producer is not null)
                throw new GraphValidationException($"graph input '{input.Name}' is produced by node '{input.Producer.Name}'");
            available.Add(input);
        }
        foreach (var v in graph.Values)
        {
            if (v.Constant is { } c)
            {
                if (c.Type != v.Type)
                    throw new GraphValidationException($"constant '{v.Name}' is declared {v.Type} but holds {c.Type}");
                if (v.Shape is not null && v.Shape != c.Shape)
                    throw new GraphValidationException($"constant '{v.Name}' is declared {v.Shape} but holds {c.Shape}");
                available.Add(v);
            }
            v.Quant?.Validate(v.Name, v.Type, v.Shape);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (!names.Add(node.Name))
                throw new GraphValidationException($"two nodes are named '{node.Name}'");
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                var input = node.Inputs[i];
                if (input is null) continue;
                if (!ReferenceEquals(graph.FindValue(input.Name), input))
                    throw new GraphValidationException($"node '{node.Name}' input {i} '{input.Name}' is not a value of the graph");
                if (!available.Contains(input))
                {
                    string why = input.Producer is null ? "nothing produces it" : $"its producer '{input.Producer.Name}' comes later";
                    throw new GraphValidationException($"node '{node.Name}' reads '{input.Name}', but {why}");
                }
            }
            foreach (var output in node.Outputs)
            {
                if (!ReferenceEquals(output.Producer, node))
                    throw new GraphValidationException($"node '{node.Name}' lists output '{output.Name}', whose producer is '{output.Producer?.Name ?? "none"}'");
                if (!available.Add(output))
                    throw new GraphValidationException($"value '{output.Name}' is produced twice (again by node '{node.Name}')");
            }
        }
        foreach (var output in graph.Outputs)
        {
            if (!available.Contains(output))
                throw new GraphValidationException($"graph output '{output.Name}' is never produced");
        }
    }
}
