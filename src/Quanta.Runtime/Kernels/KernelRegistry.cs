using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>One registered kernel: which node kinds it runs, on which instruction set.</summary>
/// <param name="Domain">The op domain.</param>
/// <param name="OpType">The op type.</param>
/// <param name="Type">The data type that selects it: the type of the node's first present input
/// (of its first output for ops without inputs).</param>
/// <param name="Isa">The instruction set it needs.</param>
/// <param name="Name">A name in XNNPACK's manner, shown in plans and profiles, e.g. <c>f32-conv-ref</c>.</param>
/// <param name="Create">The factory that binds it to a node.</param>
public sealed record KernelEntry(string Domain, string OpType, DataType Type, Isa Isa, string Name, KernelFactory Create);

/// <summary>
/// The kernels Quanta can run, looked up by (domain, op, data type, instruction set). The plan
/// compiler takes the best entry whose instruction set the CPU (and the session's limit) allows.
/// </summary>
public sealed class KernelRegistry
{
    private readonly Dictionary<(string, string, DataType), List<KernelEntry>> _entries = [];

    /// <summary>The registry with every kernel Quanta ships (see <see cref="KernelTable"/>).</summary>
    public static KernelRegistry Default { get; } = KernelTable.Build();

    /// <summary>Every entry.</summary>
    public IEnumerable<KernelEntry> Entries => _entries.Values.SelectMany(l => l);

    /// <summary>Adds a kernel.</summary>
    /// <exception cref="InvalidOperationException">A kernel for the same key and ISA exists.</exception>
    public void Add(KernelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = (OpSchemas.NormalizeDomain(entry.Domain), entry.OpType, entry.Type);
        if (!_entries.TryGetValue(key, out var list)) _entries[key] = list = [];
        if (list.Exists(e => e.Isa == entry.Isa))
            throw new InvalidOperationException($"a {entry.Isa} kernel for {entry.Domain}:{entry.OpType}/{entry.Type} is registered twice");
        list.Add(entry);
        list.Sort((a, b) => b.Isa.CompareTo(a.Isa));
    }

    /// <summary>Adds the same factory for several data types.</summary>
    public void Add(string domain, string opType, IEnumerable<DataType> types, Isa isa, string name, KernelFactory create)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var t in types) Add(new KernelEntry(domain, opType, t, isa, name.Replace("{type}", t.ShortName(), StringComparison.Ordinal), create));
    }

    /// <summary>The best kernel for the key whose ISA is at most <paramref name="maxIsa"/>, or null.</summary>
    public KernelEntry? Find(string domain, string opType, DataType type, Isa maxIsa)
    {
        if (!_entries.TryGetValue((OpSchemas.NormalizeDomain(domain), opType, type), out var list)) return null;
        return list.Find(e => e.Isa <= maxIsa);
    }

    /// <summary>True when some kernel runs this op, for some data type.</summary>
    public bool Supports(string domain, string opType)
    {
        domain = OpSchemas.NormalizeDomain(domain);
        return _entries.Keys.Any(k => k.Item1 == domain && k.Item2 == opType);
    }

    /// <summary>The data types some kernel of this op accepts.</summary>
    public IEnumerable<DataType> TypesOf(string domain, string opType)
    {
        domain = OpSchemas.NormalizeDomain(domain);
        return _entries.Keys.Where(k => k.Item1 == domain && k.Item2 == opType).Select(k => k.Item3);
    }

    /// <summary>The data type that selects a node's kernel: input <paramref name="keyInput"/>'s when
    /// the op's schema names one (<see cref="IOpSchema.KernelKeyInput"/>) and it is present, else
    /// the default of <see cref="KeyType(IReadOnlyList{ValueInfo?}, IReadOnlyList{ValueInfo})"/>.</summary>
    public static DataType KeyType(IReadOnlyList<ValueInfo?> inputs, IReadOnlyList<ValueInfo> outputs, int? keyInput)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (keyInput is int k && k < inputs.Count && inputs[k] is { } info) return info.Type;
        return KeyType(inputs, outputs);
    }

    /// <summary>The data type that selects a node's kernel: its first present input's, else its first output's.</summary>
    public static DataType KeyType(IReadOnlyList<ValueInfo?> inputs, IReadOnlyList<ValueInfo> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var i in inputs)
        {
            if (i is not null) return i.Type;
        }
        return outputs.Count > 0 ? outputs[0].Type : DataType.Undefined;
    }
}
