using Quanta.Core;
using GraphProto = Onnx.GraphProto;
using NodeProto = Onnx.NodeProto;

namespace Quanta.Formats.Onnx;

/// <summary>
/// Builds Quanta's graph from an ONNX GraphProto: constants (initializers and Constant nodes),
/// graph inputs, node outputs, declared types (value_info, outputs), then the nodes themselves,
/// each passed through <see cref="OnnxOpsetUpgrader"/> on the way in.
/// </summary>
internal sealed class OnnxGraphReader
{
    private readonly GraphProto _proto;
    private readonly OnnxImportContext _context;
    private readonly Graph _graph;

    // A constant whose type Quanta cannot hold is an error only if something reads it.
    private readonly Dictionary<string, Tensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnsupportedException> _unusableConstants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _producers = new(StringComparer.Ordinal);

    private OnnxGraphReader(GraphProto proto, OnnxImportContext context)
    {
        _proto = proto;
        _context = context;
        _graph = context.Graph;
    }

    /// <summary>Fills <paramref name="context"/>'s graph from <paramref name="proto"/>.</summary>
    /// <exception cref="ModelFormatException">Duplicate or undefined names, malformed tensors or types.</exception>
    /// <exception cref="UnsupportedException">A value Quanta cannot represent that the graph uses.</exception>
    public static void Read(GraphProto proto, OnnxImportContext context) => new OnnxGraphReader(proto, context).Read();

    private void Read()
    {
        if (_proto.Name.Length > 0) _graph.Name = _proto.Name;
        ReadInitializers();
        var labels = _proto.Node.Select(Label).ToArray();
        ReadConstantNodes(labels);
        var used = UsedNames();
        ReadInputs();
        AddUsedConstants(used);
        DeclareNodeOutputs(labels);
        ApplyValueInfo();
        ReadOutputs();
        EmitNodes(labels);
        if (!IsTopologicallySorted()) _graph.SortTopologically();
    }

    private string Label(NodeProto node, int index) => node.Name.Length > 0
        ? $"{node.OpType} node '{node.Name}'"
        : $"{node.OpType} node #{index}";

    private void ReadInitializers()
    {
        foreach (var t in _proto.Initializer)
        {
            if (t.Name.Length == 0) throw _context.FormatError("an initializer has no name");
            AddConstantData(t.Name, () => OnnxTensorReader.Read(t, t.Name, _context.Source, _context.External, adoptRawData: true), $"initializer '{t.Name}'");
        }
        if (_proto.SparseInitializer.Count > 0)
        {
            foreach (var s in _proto.SparseInitializer)
            {
                string name = s.Values?.Name ?? "";
                if (name.Length == 0) throw _context.FormatError("a sparse initializer has no name");
                AddConstantData(name, () => throw new UnsupportedException($"initializer '{name}' is a sparse tensor, which Quanta does not support"), $"initializer '{name}'");
            }
        }
    }

    private void ReadConstantNodes(string[] labels)
    {
        for (int i = 0; i < _proto.Node.Count; i++)
        {
            var node = _proto.Node[i];
            if (!OnnxConstantNode.IsConstant(node)) continue;
            string output = node.Output.Count > 0 ? node.Output[0] : "";
            if (output.Length == 0) throw _context.FormatError($"{labels[i]} must have exactly one named output");
            AddConstantData(output, () => OnnxConstantNode.Read(node, labels[i], _context), labels[i]);
        }
    }

    private void AddConstantData(string name, Func<Tensor> read, string what)
    {
        if (_constants.ContainsKey(name) || _unusableConstants.ContainsKey(name))
            throw _context.FormatError($"{what}: the name '{name}' is defined twice");
        try
        {
            _constants.Add(name, read());
        }
        catch (UnsupportedException e)
        {
            _unusableConstants.Add(name, e);
        }
    }

    private HashSet<string> UsedNames()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in _proto.Node) used.UnionWith(n.Input.Where(s => s.Length > 0));
        used.UnionWith(_proto.Output.Select(o => o.Name));
        return used;
    }

    private void ReadInputs()
    {
        foreach (var input in _proto.Input)
        {
            if (input.Name.Length == 0) throw _context.FormatError("a graph input has no name");
            // Before IR version 4 every initializer was also listed as an input (its default value);
            // such an input is a constant, not something the caller feeds.
            if (IsConstantName(input.Name)) continue;
            if (_graph.FindValue(input.Name) is not null) throw _context.FormatError($"graph input '{input.Name}' is listed twice");
            var declared = OnnxValueTypes.Read(input, "graph input", _context);
            if (declared is null || declared.Type == DataType.Undefined)
                throw _context.FormatError($"graph input '{input.Name}' declares no tensor element type");
            var v = _graph.AddInput(input.Name, declared.Type, declared.Shape);
            v.DimNames = declared.DimNames;
        }
    }

    private bool IsConstantName(string name) => _constants.ContainsKey(name) || _unusableConstants.ContainsKey(name);

    private void AddUsedConstants(HashSet<string> used)
    {
        foreach (var name in used)
        {
            if (_unusableConstants.TryGetValue(name, out var error)) throw error;
            if (_constants.TryGetValue(name, out var tensor)) _graph.AddConstant(name, tensor);
        }
    }

    private void DeclareNodeOutputs(string[] labels)
    {
        for (int i = 0; i < _proto.Node.Count; i++)
        {
            var node = _proto.Node[i];
            if (OnnxConstantNode.IsConstant(node)) continue;
            foreach (var output in node.Output)
            {
                if (output.Length == 0) continue;
                if (IsConstantName(output))
                    throw _context.FormatError($"{labels[i]} writes '{output}', which is a constant");
                if (_producers.TryGetValue(output, out var other))
                    throw _context.FormatError($"{labels[i]} writes '{output}', which {other} also writes");
                if (_graph.FindValue(output) is { } existing && _graph.Inputs.Contains(existing))
                    throw _context.FormatError($"{labels[i]} writes '{output}', which is a graph input");
                _producers.Add(output, labels[i]);
                _graph.AddValue(output);
            }
        }
    }

    private void ApplyValueInfo()
    {
        foreach (var info in _proto.ValueInfo)
        {
            // Entries for names the graph does not have, or for inputs and constants, add nothing.
            if (!_producers.ContainsKey(info.Name)) continue;
            var declared = OnnxValueTypes.Read(info, "value", _context);
            if (declared is not null) OnnxValueTypes.Apply(_graph.GetValue(info.Name), declared);
        }
    }

    private void ReadOutputs()
    {
        foreach (var output in _proto.Output)
        {
            var v = _graph.FindValue(output.Name)
                ?? throw _context.FormatError($"graph output '{output.Name}' is not an input, a constant or any node's output");
            var declared = OnnxValueTypes.Read(output, "graph output", _context);
            if (declared is not null && _producers.ContainsKey(output.Name)) OnnxValueTypes.Apply(v, declared);
            _graph.Outputs.Add(v);
        }
    }

    private void EmitNodes(string[] labels)
    {
        for (int i = 0; i < _proto.Node.Count; i++)
        {
            var node = _proto.Node[i];
            if (OnnxConstantNode.IsConstant(node)) continue;
            if (node.OpType.Length == 0) throw _context.FormatError($"node #{i} ('{node.Name}') has no op type");
            var spec = new OnnxNodeSpec(node.OpType, node.Domain == "ai.onnx" ? "" : node.Domain, node.Name) { Label = labels[i] };
            foreach (var name in node.Input)
            {
                if (name.Length == 0)
                {
                    spec.Inputs.Add(null);
                    continue;
                }
                spec.Inputs.Add(_graph.FindValue(name)
                    ?? throw _context.FormatError($"{labels[i]} reads '{name}', which is not a graph input, an initializer or any node's output"));
            }
            for (int o = 0; o < node.Output.Count; o++)
            {
                // An empty output name is an optional output the model does not use; it still
                // needs a value to keep the positions of the outputs after it.
                string name = node.Output[o];
                spec.Outputs.Add(name.Length > 0 ? _graph.GetValue(name) : _context.AddValue($"{(node.Name.Length > 0 ? node.Name : node.OpType)}_unused{o}"));
            }
            foreach (var (key, value) in OnnxAttributeReader.Read(node.Attribute, labels[i], _context))
                spec.Attributes[key] = value;
            OnnxOpsetUpgrader.Emit(spec, _context);
        }
    }

    private bool IsTopologicallySorted()
    {
        var ready = new HashSet<Value>(_graph.Inputs.Concat(_graph.Constants));
        foreach (var node in _graph.Nodes)
        {
            if (!node.Inputs.TrueForAll(v => v is null || ready.Contains(v))) return false;
            ready.UnionWith(node.Outputs);
        }
        return true;
    }
}
