namespace Quanta.Core;

/// <summary>
/// A dataflow graph: named values, nodes in topological order, graph inputs and outputs.
/// Constants are values with <see cref="Value.Constant"/> set; they are not graph inputs.
/// </summary>
/// <remarks>
/// The graph keeps <see cref="Value.Producer"/> consistent as nodes are added and removed. Passes
/// edit a graph and then run <see cref="GraphVerifier"/>; they keep <see cref="Nodes"/> in
/// topological order or call <see cref="SortTopologically"/>.
/// </remarks>
public sealed class Graph
{
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly List<Node> _nodes = [];
    private int _nameCounter;

    /// <summary>The graph's name.</summary>
    public string Name { get; set; } = "main";

    /// <summary>Graph inputs, in order.</summary>
    public List<Value> Inputs { get; } = [];

    /// <summary>Graph outputs, in order.</summary>
    public List<Value> Outputs { get; } = [];

    /// <summary>Nodes in topological order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Every value of the graph (inputs, constants, intermediates).</summary>
    public IEnumerable<Value> Values => _values.Values;

    /// <summary>The constants (initializers).</summary>
    public IEnumerable<Value> Constants => _values.Values.Where(v => v.IsConstant);

    /// <summary>The value with this name, or null.</summary>
    public Value? FindValue(string name) => _values.GetValueOrDefault(name);

    /// <summary>The value with this name.</summary>
    /// <exception cref="GraphValidationException">No such value.</exception>
    public Value GetValue(string name) =>
        FindValue(name) ?? throw new GraphValidationException($"graph '{Name}' has no value named '{name}'");

    /// <summary>Adds a value that some node will produce.</summary>
    /// <exception cref="GraphValidationException">A value with this name exists.</exception>
    public Value AddValue(string name, DataType type = DataType.Undefined, Shape? shape = null)
    {
        if (_values.ContainsKey(name))
            throw new GraphValidationException($"graph '{Name}' already has a value named '{name}'");
        var v = new Value(name, type, shape);
        _values.Add(name, v);
        return v;
    }

    /// <summary>Adds a graph input.</summary>
    public Value AddInput(string name, DataType type, Shape? shape)
    {
        var v = AddValue(name, type, shape);
        Inputs.Add(v);
        return v;
    }

    /// <summary>Adds a constant (initializer) holding <paramref name="tensor"/>.</summary>
    public Value AddConstant(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var v = AddValue(name, tensor.Type, tensor.Shape);
        v.Constant = tensor;
        v.Quant = tensor.Quant;
        return v;
    }

    /// <summary>A value or node name not used yet, built from <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix)
    {
        if (!_values.ContainsKey(prefix) && !_nodeNames.Contains(prefix)) return prefix;
        string name;
        do { name = $"{prefix}_{++_nameCounter}"; } while (_values.ContainsKey(name) || _nodeNames.Contains(name));
        return name;
    }

    /// <summary>Appends a node. Its outputs must not have a producer yet.</summary>
    /// <param name="opType">The op type.</param>
    /// <param name="inputs">Input values (null for an absent optional input).</param>
    /// <param name="outputs">Output values, already added to this graph.</param>
    /// <param name="name">The node name; a unique one is made when null or empty or taken.</param>
    /// <param name="domain">The op domain ("" for the default).</param>
    /// <exception cref="GraphValidationException">An output already has a producer or is not in this graph.</exception>
    public Node AddNode(string opType, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, string? name = null, string domain = "")
    {
        var node = CreateNode(opType, inputs, outputs, name, domain);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Inserts a node at <paramref name="index"/> in the node list.</summary>
    public Node InsertNode(int index, string opType, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, string? name = null, string domain = "")
    {
        var node = CreateNode(opType, inputs, outputs, name, domain);
        _nodes.Insert(index, node);
        return node;
    }

    private Node CreateNode(string opType, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, string? name, string domain)
    {
        string nodeName = string.IsNullOrEmpty(name) || _nodeNames.Contains(name) ? UniqueName(string.IsNullOrEmpty(name) ? opType : name) : name;
        var node = new Node(opType, nodeName, domain);
        foreach (var input in inputs)
        {
            if (input is not null) CheckOwned(input);
            node.Inputs.Add(input);
        }
        foreach (var output in outputs)
        {
            CheckOwned(output);
            if (output.Producer is not null)
                throw new GraphValidationException($"value '{output.Name}' is produced by both '{output.Producer.Name}' and '{nodeName}'");
            if (output.IsConstant)
                throw new GraphValidationException($"node '{nodeName}' writes constant '{output.Name}'");
            output.Producer = node;
            node.Outputs.Add(output);
        }
        _nodeNames.Add(nodeName);
        return node;
    }

    private void CheckOwned(Value v)
    {
        if (!_values.TryGetValue(v.Name, out var owned) || !ReferenceEquals(owned, v))
            throw new GraphValidationException($"value '{v.Name}' does not belong to graph '{Name}'");
    }

    /// <summary>Removes a node; its outputs lose their producer but stay in the graph.</summary>
    public void RemoveNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_nodes.Remove(node)) return;
        _nodeNames.Remove(node.Name);
        foreach (var o in node.Outputs)
        {
            if (ReferenceEquals(o.Producer, node)) o.Producer = null;
        }
    }

    /// <summary>Removes a value that no node, input or output refers to any more.</summary>
    public void RemoveValue(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values.Remove(value.Name);
        Inputs.Remove(value);
    }

    /// <summary>Renames a value.</summary>
    /// <exception cref="GraphValidationException">The new name is taken.</exception>
    public void RenameValue(Value value, string newName)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Name == newName) return;
        if (_values.ContainsKey(newName))
            throw new GraphValidationException($"graph '{Name}' already has a value named '{newName}'");
        _values.Remove(value.Name);
        value.Name = newName;
        _values.Add(newName, value);
    }

    /// <summary>The nodes that read <paramref name="value"/> (one scan of the node list).</summary>
    public List<Node> ConsumersOf(Value value) => _nodes.Where(n => n.Inputs.Contains(value)).ToList();

    /// <summary>A map from each value to the nodes that read it.</summary>
    public Dictionary<Value, List<Node>> BuildConsumerMap()
    {
        var map = new Dictionary<Value, List<Node>>();
        foreach (var n in _nodes)
        {
            foreach (var i in n.Inputs)
            {
                if (i is null) continue;
                if (!map.TryGetValue(i, out var list)) map[i] = list = [];
                if (!list.Contains(n)) list.Add(n);
            }
        }
        return map;
    }

    /// <summary>Makes every reader of <paramref name="oldValue"/> (nodes and graph outputs) read <paramref name="newValue"/>.</summary>
    public void ReplaceAllUses(Value oldValue, Value newValue)
    {
        foreach (var n in _nodes)
        {
            for (int i = 0; i < n.Inputs.Count; i++)
            {
                if (ReferenceEquals(n.Inputs[i], oldValue)) n.Inputs[i] = newValue;
            }
        }
        for (int i = 0; i < Outputs.Count; i++)
        {
            if (ReferenceEquals(Outputs[i], oldValue)) Outputs[i] = newValue;
        }
    }

    /// <summary>Removes nodes whose outputs nothing reads, and values nothing refers to.</summary>
    /// <returns>The number of nodes removed.</returns>
    public int RemoveDeadCode()
    {
        var live = new HashSet<Value>(Outputs);
        var keep = new List<Node>();
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            var n = _nodes[i];
            if (n.Outputs.Exists(live.Contains))
            {
                keep.Add(n);
                foreach (var input in n.Inputs)
                {
                    if (input is not null) live.Add(input);
                }
            }
        }
        int removed = _nodes.Count - keep.Count;
        foreach (var n in _nodes.Except(keep).ToList()) RemoveNode(n);
        foreach (var v in _values.Values.ToList())
        {
            if (!live.Contains(v) && !Inputs.Contains(v) && v.Producer is null) _values.Remove(v.Name);
        }
        return removed;
    }

    /// <summary>Reorders <see cref="Nodes"/> topologically, keeping the current order where it is already valid.</summary>
    /// <exception cref="GraphValidationException">The graph has a cycle.</exception>
    public void SortTopologically()
    {
        var ready = new HashSet<Value>(Inputs.Concat(Constants));
        var remaining = new List<Node>(_nodes);
        var sorted = new List<Node>(_nodes.Count);
        while (remaining.Count > 0)
        {
            int before = sorted.Count;
            for (int i = 0; i < remaining.Count; i++)
            {
                var n = remaining[i];
                if (n.Inputs.TrueForAll(v => v is null || ready.Contains(v) || v.Producer is null))
                {
                    sorted.Add(n);
                    foreach (var o in n.Outputs) ready.Add(o);
                    remaining.RemoveAt(i);
                    i--;
                }
            }
            if (sorted.Count == before)
                throw new GraphValidationException($"graph '{Name}' has a cycle through node '{remaining[0].Name}'");
        }
        _nodes.Clear();
        _nodes.AddRange(sorted);
    }
}
