namespace Quanta.Core;

/// <summary>
/// com.microsoft QLinearAveragePool (attributes of AveragePool) and QLinearGlobalAveragePool: X,
/// x_scale, x_zero_point, y_scale, y_zero_point (zero points optional) → Y of X's type. With
/// <c>channels_last = 1</c> X and Y are [N, D1…Dn, C] instead of [N, C, D1…Dn].
/// </summary>
public sealed class QLinearPoolSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Microsoft;

    /// <summary>True for QLinearGlobalAveragePool.</summary>
    public bool IsGlobal => OpType == "QLinearGlobalAveragePool";

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        QLinearTypes.ExpectEightBit(context, 0);
        var x = context.InputShape(0);
        Shape? shape = null;
        if (x is not null)
        {
            if (x.Rank < 3) throw context.Error($"input rank {x.Rank} is below 3 (N, C and at least one spatial axis)");
            int first = SpatialStart(context.Node);
            var attrs = IsGlobal ? null : OnnxWindowAttributes.Read(context.Node, x.Rank - 2, null);
            var dims = x.ToArray();
            for (int i = 0; i < x.Rank - 2; i++)
            {
                int size = x[first + i];
                dims[first + i] = IsGlobal ? 1 : size == Shape.Unknown ? Shape.Unknown : attrs!.Forward(i, size).OutputSize;
            }
            shape = new Shape(dims);
        }
        context.SetOutput(0, context.Input(0).Type, shape);
    }

    /// <summary>The index of the first spatial axis: 1 with channels_last, else 2.</summary>
    public static int SpatialStart(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Attributes.GetInt("channels_last", 0) != 0 ? 1 : 2;
    }
}

/// <summary>
/// com.microsoft QLinearConcat: Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input;
/// attribute axis → Y of the inputs' type, concatenated along axis.
/// </summary>
public sealed class QLinearConcatSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "QLinearConcat";

    /// <inheritdoc/>
    public string Domain => OpDomains.Microsoft;

    /// <summary>The first data input decides the kernel (inputs 0 and 1 are the output's parameters).</summary>
    public int? KernelKeyInput => 2;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount < 5 || (context.InputCount - 2) % 3 != 0)
            throw context.Error($"takes Y_scale, Y_zero_point and (X, X_scale, X_zero_point) triples; has {context.InputCount} inputs");
        var data = new List<ValueInfo?>();
        for (int i = 2; i < context.InputCount; i += 3)
        {
            QLinearTypes.ExpectEightBit(context, i);
            data.Add(context.Input(i));
        }
        var inner = new InferenceContext(context.Node, data, context.Opset);
        var shape = ConcatSchema.Concat(inner, context.Attributes.GetInt("axis"));
        context.SetOutput(0, context.Input(2).Type, shape);
    }
}
