using Quanta.Core;

namespace Quanta.Tests.OnnxExport;

/// <summary>Structural equality of two graphs: signature, nodes in order with their attributes,
/// and every constant's bytes. Returns the first difference, or null.</summary>
internal static class GraphComparer
{
    public static string? FirstDifference(Graph a, Graph b)
    {
        string? d = Values("input", a.Inputs, b.Inputs) ?? Values("output", a.Outputs, b.Outputs);
        if (d is not null) return d;
        if (a.Nodes.Count != b.Nodes.Count) return $"{a.Nodes.Count} nodes vs {b.Nodes.Count}";
        for (int i = 0; i < a.Nodes.Count; i++)
        {
            d = Node(a.Nodes[i], b.Nodes[i]);
            if (d is not null) return $"node {i} '{a.Nodes[i].Name}': {d}";
        }
        var ca = UsedConstants(a);
        var cb = UsedConstants(b);
        if (!ca.Select(c => c.Name).SequenceEqual(cb.Select(c => c.Name))) return "the constants differ in names";
        for (int i = 0; i < ca.Count; i++)
        {
            var (x, y) = (ca[i].Constant!, cb[i].Constant!);
            if (x.Type != y.Type || x.Shape != y.Shape || !x.Bytes.SequenceEqual(y.Bytes)) return $"constant '{ca[i].Name}' differs ({x} vs {y})";
        }
        return null;
    }

    /// <summary>Constants that a node or the graph's outputs read (formats drop the rest).</summary>
    private static List<Value> UsedConstants(Graph g)
    {
        var used = new HashSet<Value>(g.Nodes.SelectMany(n => n.Inputs).OfType<Value>().Concat(g.Outputs));
        return g.Constants.Where(used.Contains).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    private static string? Values(string role, List<Value> a, List<Value> b)
    {
        if (a.Count != b.Count) return $"{a.Count} {role}s vs {b.Count}";
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].Name != b[i].Name || a[i].Type != b[i].Type || a[i].Shape != b[i].Shape)
                return $"{role} {i}: {a[i]} vs {b[i]}";
        }
        return null;
    }

    private static string? Node(Node a, Node b)
    {
        if (a.OpType != b.OpType || a.Domain != b.Domain || a.Name != b.Name) return $"{a} vs {b}";
        if (!a.Inputs.Select(v => v?.Name).SequenceEqual(b.Inputs.Select(v => v?.Name))) return $"inputs {a} vs {b}";
        if (!a.Outputs.Select(v => v.Name).SequenceEqual(b.Outputs.Select(v => v.Name))) return $"outputs {a} vs {b}";
        if (a.Attributes.Count != b.Attributes.Count) return $"{a.Attributes.Count} attributes vs {b.Attributes.Count}";
        foreach (var (name, value) in a.Attributes)
        {
            var other = b.Attributes.Find(name);
            if (other is null || other.Kind != value.Kind || !SameValue(value.Value, other.Value)) return $"attribute '{name}': {value} vs {other}";
        }
        return null;
    }

    private static bool SameValue(object x, object y) => (x, y) switch
    {
        (long[] p, long[] q) => p.SequenceEqual(q),
        (float[] p, float[] q) => p.SequenceEqual(q),
        (string[] p, string[] q) => p.SequenceEqual(q),
        (Tensor p, Tensor q) => p.Type == q.Type && p.Shape == q.Shape && p.Bytes.SequenceEqual(q.Bytes),
        _ => Equals(x, y),
    };
}
