namespace Quanta.Core;

/// <summary>
/// Schema of an element-wise op whose inputs broadcast together numpy-style (ONNX Add, Max, Equal,
/// TFLite ADD, …): the output has the broadcast shape, and the first input's type or a fixed type
/// (bool, for comparisons).
/// </summary>
/// <param name="opType">The op type.</param>
/// <param name="outputType">A fixed output type, or null for the first input's type.</param>
/// <param name="minInputs">The fewest inputs the op takes.</param>
public sealed class BroadcastSchema(string opType, DataType? outputType = null, int minInputs = 2) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain { get; init; } = OpDomains.Onnx;

    /// <summary>The most inputs the op takes (unbounded for variadic ops).</summary>
    public int MaxInputs { get; init; } = int.MaxValue;

    /// <summary>The types the inputs may have, or null for any; checked on every input.</summary>
    public DataType[]? InputTypes { get; init; }

    /// <summary>Whether every input must have the first input's type (false for Pow's exponent).</summary>
    public bool SameInputTypes { get; init; } = true;

    /// <summary>Further checks of attributes and types (Mod's fmod, BitShift's direction, …).</summary>
    public Action<InferenceContext>? Check { get; init; }

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount < minInputs || context.InputCount > MaxInputs)
        {
            string expected = MaxInputs == minInputs ? $"{minInputs}" : MaxInputs == int.MaxValue ? $"at least {minInputs}" : $"{minInputs} to {MaxInputs}";
            throw context.Error($"takes {expected} inputs, has {context.InputCount}");
        }
        var first = context.Input(0);
        var shapes = new Shape?[context.InputCount];
        for (int i = 0; i < shapes.Length; i++)
        {
            var input = context.Input(i);
            if (InputTypes is not null) context.ExpectType(i, InputTypes);
            if (SameInputTypes && input.Type != first.Type && input.Type != DataType.Undefined && first.Type != DataType.Undefined)
                throw context.Error($"input {i} is {input.Type} but input 0 is {first.Type}");
            shapes[i] = input.Shape;
        }
        Check?.Invoke(context);
        context.SetOutput(0, outputType ?? first.Type, ElementwiseShapes.Broadcast(context, shapes));
    }
}

/// <summary>
/// Schema of an element-wise unary op (Relu, Exp, Not, TFLite LOGISTIC, …): the output has the
/// input's shape, and its type or a fixed one (bool, for IsNaN).
/// </summary>
/// <param name="opType">The op type.</param>
/// <param name="outputType">A fixed output type, or null for the input's type.</param>
public sealed class UnarySchema(string opType, DataType? outputType = null) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain { get; init; } = OpDomains.Onnx;

    /// <summary>The types the input may have, or null for any.</summary>
    public DataType[]? InputTypes { get; init; }

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount != 1) throw context.Error($"takes 1 input, has {context.InputCount}");
        var x = context.Input(0);
        if (InputTypes is not null) context.ExpectType(0, InputTypes);
        context.SetOutput(0, outputType ?? x.Type, x.Shape);
    }
}

/// <summary>
/// ONNX Clip (opset 13 form, which the importer produces from the attribute forms): input X and
/// optional single-element inputs min and max of X's type; the output is shaped like X.
/// </summary>
public sealed class ClipSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "Clip";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount is < 1 or > 3) throw context.Error($"takes 1 to 3 inputs, has {context.InputCount}");
        var x = context.Input(0);
        for (int i = 1; i < context.InputCount; i++)
        {
            var bound = context.OptionalInput(i);
            if (bound is null) continue;
            string name = i == 1 ? "min" : "max";
            if (bound.Type != x.Type && bound.Type != DataType.Undefined && x.Type != DataType.Undefined)
                throw context.Error($"{name} is {bound.Type} but the input is {x.Type}");
            long count = bound.Shape?.ElementCount ?? -1;
            if (count >= 0 && count != 1)
                throw context.Error($"{name} must be a scalar, but has shape {bound.Shape}");
        }
        context.SetOutput(0, x.Type, x.Shape);
    }
}

/// <summary>
/// ONNX PRelu: the slope broadcasts to X in one direction only (it may not grow X), and the
/// output is shaped like X.
/// </summary>
public sealed class PReluSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "PRelu";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount != 2) throw context.Error($"takes 2 inputs, has {context.InputCount}");
        var x = context.Input(0);
        var slope = context.Input(1);
        if (slope.Type != x.Type && slope.Type != DataType.Undefined && x.Type != DataType.Undefined)
            throw context.Error($"slope is {slope.Type} but X is {x.Type}");
        var both = ElementwiseShapes.Broadcast(context, x.Shape, slope.Shape);
        if (x.Shape is not null && both is not null && (both.Rank != x.Shape.Rank || !ElementwiseShapes.Fits(both, x.Shape)))
            throw context.Error($"slope {slope.Shape} does not broadcast to X {x.Shape}");
        context.SetOutput(0, x.Type, x.Shape);
    }
}

/// <summary>
/// ONNX Where and TFLite SELECT_V2: a bool condition selects between X and Y, all three
/// broadcasting together; the output has X's type.
/// </summary>
/// <param name="domain">The op's domain.</param>
/// <param name="opType">The op type.</param>
public sealed class WhereSchema(string domain, string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain { get; } = domain;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount != 3) throw context.Error($"takes 3 inputs, has {context.InputCount}");
        context.ExpectType(0, DataType.Bool);
        var x = context.Input(1);
        var y = context.Input(2);
        if (x.Type != y.Type && x.Type != DataType.Undefined && y.Type != DataType.Undefined)
            throw context.Error($"the inputs to choose from differ in type: {x.Type} and {y.Type}");
        context.SetOutput(0, x.Type, ElementwiseShapes.Broadcast(context, context.Input(0).Shape, x.Shape, y.Shape));
    }
}

/// <summary>Shape helpers shared by the element-wise schemas.</summary>
public static class ElementwiseShapes
{
    /// <summary>The broadcast of <paramref name="shapes"/>, with an error naming the node when they do not broadcast.</summary>
    /// <exception cref="GraphValidationException">Two known sizes differ and neither is 1.</exception>
    public static Shape? Broadcast(InferenceContext context, params Shape?[] shapes)
    {
        ArgumentNullException.ThrowIfNull(context);
        try { return Broadcasting.Broadcast(shapes); }
        catch (GraphValidationException e) { throw context.Error(e.Message); }
    }

    /// <summary>True when every known dimension of <paramref name="inner"/> equals the matching one of
    /// <paramref name="outer"/> (same rank; unknown dimensions match anything).</summary>
    public static bool Fits(Shape inner, Shape outer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outer);
        if (inner.Rank != outer.Rank) return false;
        for (int i = 0; i < inner.Rank; i++)
        {
            if (inner[i] != Shape.Unknown && outer[i] != Shape.Unknown && inner[i] != outer[i]) return false;
        }
        return true;
    }
}
