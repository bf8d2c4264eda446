namespace Quanta.Core;

/// <summary>Base of the data-movement, shape, reduction and softmax schemas: a fixed domain and op type.</summary>
/// <param name="domain">The op domain.</param>
/// <param name="opType">The op type.</param>
public abstract class TensorOpSchema(string domain, string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain { get; } = domain;

    /// <inheritdoc/>
    public virtual IReadOnlyList<int> ShapeInputs => [];

    /// <inheritdoc/>
    public virtual bool ReadsOnlyShapes => false;

    /// <inheritdoc/>
    public abstract void Infer(InferenceContext context);

    /// <summary>The known contents of integer input <paramref name="index"/>, or null.</summary>
    protected static long[]? Ints(InferenceContext context, int index, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TensorArgs.Ints(context.Node, context.InputData(index), what);
    }

    /// <summary>Sets output 0 to <paramref name="shape"/> with input 0's type and per-tensor
    /// quantization: the result of every op that only moves data. When the input's contents are
    /// known and <paramref name="view"/> is given, the output's are that view of them.</summary>
    protected static void SetMoved(InferenceContext context, Shape? shape, bool view = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        Tensor? data = view && x.Data is { } d && shape is { IsFullyKnown: true } ? d.Reshape(shape) : null;
        context.SetOutput(0, x.Type, shape, data, TensorArgs.PerTensorQuant(x));
    }
}
