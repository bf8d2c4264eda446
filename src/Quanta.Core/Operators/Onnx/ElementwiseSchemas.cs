namespace Quanta.Core;

/// <summary>Schema of an ONNX element-wise op with numpy broadcasting over its inputs (Add, Mul, …):
/// the output has the broadcast shape and the first input's type (or a fixed type, for comparisons).</summary>
public sealed class BroadcastSchema(string opType, DataType? outputType = null, int minInputs = 2) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount < minInputs) throw context.Error($"needs at least {minInputs} inputs, has {context.InputCount}");
        var first = context.Input(0);
        var shapes = new Shape?[context.InputCount];
        for (int i = 0; i < shapes.Length; i++)
        {
            var input = context.Input(i);
            if (outputType is null && input.Type != first.Type && input.Type != DataType.Undefined && first.Type != DataType.Undefined)
                throw context.Error($"input {i} is {input.Type} but input 0 is {first.Type}");
            shapes[i] = input.Shape;
        }
        Shape? shape;
        try { shape = Broadcasting.Broadcast(shapes); }
        catch (GraphValidationException e) { throw context.Error(e.Message); }
        context.SetOutput(0, outputType ?? first.Type, shape);
    }
}

/// <summary>Schema of an ONNX element-wise unary op (Relu, Sigmoid, …): output type and shape equal the input's.</summary>
public sealed class UnarySchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var x = context.Input(0);
        context.SetOutput(0, x.Type, x.Shape);
    }
}
