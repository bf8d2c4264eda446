using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// What a kernel factory sees when the plan compiler binds a node: the node and its attributes,
/// the inputs' types, concrete shapes, quantization parameters and (for constants) contents, and
/// the outputs' inferred types and shapes.
/// </summary>
public sealed class KernelContext
{
    /// <summary>Creates a context.</summary>
    public KernelContext(Node node, IReadOnlyList<ValueInfo?> inputs, IReadOnlyList<ValueInfo> outputs, SessionOptions options, long opset)
    {
        Node = node;
        Inputs = inputs;
        Outputs = outputs;
        Options = options;
        Opset = opset;
    }

    /// <summary>The node.</summary>
    public Node Node { get; }

    /// <summary>The node's attributes.</summary>
    public AttributeMap Attributes => Node.Attributes;

    /// <summary>Per input slot: type, concrete shape, quantization, known contents; null when absent.</summary>
    public IReadOnlyList<ValueInfo?> Inputs { get; }

    /// <summary>Per output: type, concrete shape and quantization.</summary>
    public IReadOnlyList<ValueInfo> Outputs { get; }

    /// <summary>The session's options (threads, instruction set limit).</summary>
    public SessionOptions Options { get; }

    /// <summary>The model's default-domain opset.</summary>
    public long Opset { get; }

    /// <summary>True when input <paramref name="index"/> is present.</summary>
    public bool HasInput(int index) => index < Inputs.Count && Inputs[index] is not null;

    /// <summary>A required input's info.</summary>
    public ValueInfo Input(int index) =>
        HasInput(index) ? Inputs[index]! : throw new GraphValidationException($"{Node.OpType} '{Node.Name}': input {index} is required but absent");

    /// <summary>A required input's concrete shape.</summary>
    public Shape InputShape(int index) => Input(index).Shape!;

    /// <summary>Output <paramref name="index"/>'s concrete shape.</summary>
    public Shape OutputShape(int index) => Outputs[index].Shape!;

    /// <summary>The contents of input <paramref name="index"/> when constant, else null.</summary>
    public Tensor? InputData(int index) => HasInput(index) ? Inputs[index]!.Data : null;

    /// <summary>An error naming this node, for a feature a kernel does not implement.</summary>
    public UnsupportedException Unsupported(string message) => new($"{Node.OpType} '{Node.Name}': {message}");

    /// <summary>An error naming this node, for inputs that contradict the op.</summary>
    public GraphValidationException Invalid(string message) => new($"{Node.OpType} '{Node.Name}': {message}");
}
