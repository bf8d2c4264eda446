namespace Quanta.Core;

/// <summary>
/// What an op schema sees while inferring one node: the node, what is known about its inputs,
/// and slots for its outputs.
/// </summary>
public sealed class InferenceContext
{
    private readonly IReadOnlyList<ValueInfo?> _inputs;
    private readonly ValueInfo?[] _outputs;

    /// <summary>Creates a context for one node.</summary>
    /// <param name="node">The node being inferred.</param>
    /// <param name="inputs">Info per input slot; null for an absent input.</param>
    /// <param name="opset">The default-domain opset of the model (for ops whose meaning changed).</param>
    public InferenceContext(Node node, IReadOnlyList<ValueInfo?> inputs, long opset)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        _inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        _outputs = new ValueInfo?[node.Outputs.Count];
        Opset = opset;
    }

    /// <summary>The node.</summary>
    public Node Node { get; }

    /// <summary>The node's attributes.</summary>
    public AttributeMap Attributes => Node.Attributes;

    /// <summary>The model's default-domain opset.</summary>
    public long Opset { get; }

    /// <summary>Number of input slots (absent optional inputs included).</summary>
    public int InputCount => _inputs.Count;

    /// <summary>Number of outputs.</summary>
    public int OutputCount => _outputs.Length;

    /// <summary>The inferred outputs (null where not set).</summary>
    public IReadOnlyList<ValueInfo?> Outputs => _outputs;

    /// <summary>True when input <paramref name="index"/> is present.</summary>
    public bool HasInput(int index) => index < _inputs.Count && _inputs[index] is not null;

    /// <summary>A required input.</summary>
    /// <exception cref="GraphValidationException">The input is absent.</exception>
    public ValueInfo Input(int index) =>
        HasInput(index) ? _inputs[index]! : throw Error($"input {index} is required but absent");

    /// <summary>An optional input, or null when absent.</summary>
    public ValueInfo? OptionalInput(int index) => HasInput(index) ? _inputs[index] : null;

    /// <summary>The shape of a required input, or null when its rank is unknown.</summary>
    public Shape? InputShape(int index) => Input(index).Shape;

    /// <summary>The contents of input <paramref name="index"/> when known (constant or folded).</summary>
    public Tensor? InputData(int index) => HasInput(index) ? _inputs[index]!.Data : null;

    /// <summary>Sets output <paramref name="index"/>'s type, shape and, optionally, known contents
    /// and quantization parameters (ops that only move data pass their input's on).</summary>
    public void SetOutput(int index, DataType type, Shape? shape, Tensor? data = null, QuantParams? quant = null)
    {
        if (index >= _outputs.Length) return; // optional outputs the node does not use
        _outputs[index] = new ValueInfo(type, shape, quant, data);
    }

    /// <summary>An error naming this node, for inputs that contradict the op.</summary>
    public GraphValidationException Error(string message) => new($"{Node.OpType} '{Node.Name}': {message}");

    /// <summary>An error naming this node, for a feature Quanta does not support.</summary>
    public UnsupportedException Unsupported(string message) => new($"{Node.OpType} '{Node.Name}': {message}");

    /// <summary>Checks that input <paramref name="index"/> has one of the given types.</summary>
    /// <exception cref="GraphValidationException">It has another (known) type.</exception>
    public void ExpectType(int index, params DataType[] allowed)
    {
        var t = Input(index).Type;
        if (t != DataType.Undefined && Array.IndexOf(allowed, t) < 0)
            throw Error($"input {index} has type {t}; expected {string.Join(" or ", allowed)}");
    }

    /// <summary>Checks that input <paramref name="index"/>, when its rank is known, has rank <paramref name="rank"/>.</summary>
    public void ExpectRank(int index, int rank)
    {
        var s = Input(index).Shape;
        if (s is not null && s.Rank != rank)
            throw Error($"input {index} has rank {s.Rank} ({s}); expected rank {rank}");
    }
}
