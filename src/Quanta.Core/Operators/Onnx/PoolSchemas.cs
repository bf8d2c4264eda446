namespace Quanta.Core;

/// <summary>
/// ONNX MaxPool, AveragePool and LpPool: X [N, C, D1…Dn] → Y [N, C, O1…On], each Oi from
/// <see cref="ConvGeometry.Onnx"/> (kernel_shape, strides, pads, auto_pad, dilations, ceil_mode).
/// MaxPool's optional second output, Indices, is int64 of Y's shape.
/// </summary>
public sealed class PoolSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OpType == "MaxPool")
        {
            context.ExpectType(0, DataType.Float32, DataType.Float16, DataType.Int8, DataType.UInt8);
            if (context.Attributes.GetInt("storage_order", 0) != 0)
                throw context.Unsupported("storage_order=1 (column-major indices) is not supported");
        }
        else
        {
            context.ExpectType(0, DataType.Float32, DataType.Float16);
        }
        var x = context.InputShape(0);
        var type = context.Input(0).Type;
        Shape? shape = null;
        if (x is not null)
        {
            if (x.Rank < 3) throw context.Error($"input rank {x.Rank} is below 3 (N, C and at least one spatial axis)");
            var attrs = OnnxWindowAttributes.Read(context.Node, x.Rank - 2, null);
            var dims = x.ToArray();
            for (int i = 0; i < x.Rank - 2; i++)
                dims[i + 2] = x[i + 2] == Shape.Unknown ? Shape.Unknown : attrs.Forward(i, x[i + 2]).OutputSize;
            shape = new Shape(dims);
        }
        context.SetOutput(0, type, shape);
        if (context.OutputCount > 1)
        {
            if (OpType != "MaxPool") throw context.Error($"{OpType} has one output, not {context.OutputCount}");
            context.SetOutput(1, DataType.Int64, shape);
        }
    }
}

/// <summary>ONNX GlobalAveragePool, GlobalMaxPool and GlobalLpPool: X [N, C, D1…Dn] → Y [N, C, 1…1].</summary>
public sealed class GlobalPoolSchema(string opType) : IOpSchema
{
    /// <inheritdoc/>
    public string OpType { get; } = opType;

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ExpectType(0, DataType.Float32, DataType.Float16);
        var x = context.InputShape(0);
        Shape? shape = null;
        if (x is not null)
        {
            if (x.Rank < 3) throw context.Error($"input rank {x.Rank} is below 3 (N, C and at least one spatial axis)");
            var dims = x.ToArray();
            for (int i = 2; i < dims.Length; i++) dims[i] = 1;
            shape = new Shape(dims);
        }
        context.SetOutput(0, context.Input(0).Type, shape);
    }
}
