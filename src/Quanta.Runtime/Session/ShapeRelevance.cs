using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Finds the graph inputs whose contents decide shapes somewhere in the graph (a Reshape target
/// fed from an input, as ONNX's node tests do): the session specializes its plan on their values.
/// </summary>
internal static class ShapeRelevance
{
    /// <summary>Per graph input, whether its contents decide some shape.</summary>
    public static bool[] Analyze(Graph graph)
    {
        var relevant = new HashSet<Value>();
        var work = new Stack<Value>();
        foreach (var node in graph.Nodes)
        {
            var schema = OpSchemas.Find(node);
            if (schema is null) continue;
            foreach (int i in schema.ShapeInputs)
            {
                if (node.InputOrNull(i) is { } v && relevant.Add(v)) work.Push(v);
            }
        }
        // Whatever a shape-deciding value is computed from decides it too, except through ops
        // that read only their inputs' shapes.
        while (work.Count > 0)
        {
            var v = work.Pop();
            var producer = v.Producer;
            if (producer is null) continue;
            var schema = OpSchemas.Find(producer);
            if (schema is null || schema.ReadsOnlyShapes) continue;
            foreach (var input in producer.Inputs)
            {
                if (input is not null && relevant.Add(input)) work.Push(input);
            }
        }
        return graph.Inputs.Select(relevant.Contains).ToArray();
    }
}
