namespace Quanta.Core;

/// <summary>TFLite's TensorType enum names (as the importer writes them into attributes) as Quanta types.</summary>
public static class TfliteTypeNames
{
    /// <summary>The data type an enum name stands for, or null for a name Quanta has no type for.</summary>
    public static DataType? Parse(string name) => name switch
    {
        "FLOAT32" => DataType.Float32,
        "FLOAT16" => DataType.Float16,
        "INT8" => DataType.Int8,
        "UINT8" => DataType.UInt8,
        "INT16" => DataType.Int16,
        "INT32" => DataType.Int32,
        "INT64" => DataType.Int64,
        "BOOL" => DataType.Bool,
        _ => null,
    };

    /// <summary>A node's output type: the importer's declared type of output <paramref name="index"/>
    /// when set, else the type named by <paramref name="attribute"/>, else <paramref name="fallback"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="index">The output.</param>
    /// <param name="attribute">The type attribute (out_type, output_type, out_data_type).</param>
    /// <param name="fallback">The type when neither says.</param>
    /// <param name="allowed">The types the op can produce (empty: any).</param>
    /// <exception cref="UnsupportedException">The type is not one of <paramref name="allowed"/> or not a Quanta type.</exception>
    public static DataType OutputType(Node node, int index, string attribute, DataType fallback, params DataType[] allowed)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(allowed);
        DataType type = node.Outputs[index].Type;
        if (type == DataType.Undefined)
        {
            string name = node.Attributes.GetString(attribute, "");
            // An options table written without the field holds the enum's zero, FLOAT32: unset.
            bool unset = name.Length == 0 || (name == "FLOAT32" && allowed.Length > 0 && Array.IndexOf(allowed, DataType.Float32) < 0);
            type = unset ? fallback : Parse(name) ?? throw new UnsupportedException($"{TensorArgs.Where(node)}: {attribute} {name} is not a type Quanta supports");
        }
        if (allowed.Length > 0 && Array.IndexOf(allowed, type) < 0)
            throw new UnsupportedException($"{TensorArgs.Where(node)}: output type {type} is not supported ({string.Join(", ", allowed)})");
        return type;
    }
}

/// <summary>TFLite SHAPE: the input's dimensions as an int32 (or out_type INT64) vector, folded from its shape.</summary>
public sealed class TfliteShapeSchema() : TensorOpSchema(OpDomains.Tflite, "SHAPE")
{
    /// <inheritdoc/>
    public override bool ReadsOnlyShapes => true;

    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = TfliteTypeNames.OutputType(context.Node, 0, "out_type", DataType.Int32, DataType.Int32, DataType.Int64);
        var x = context.InputShape(0);
        if (x is null)
        {
            context.SetOutput(0, type, new Shape(Shape.Unknown));
            return;
        }
        Tensor? data = null;
        if (x.IsFullyKnown)
            data = type == DataType.Int64 ? Tensor.Vector(x.ToInt64Array()) : Tensor.Vector(x.ToArray());
        context.SetOutput(0, type, new Shape(x.Rank), data);
    }
}

/// <summary>TFLite CAST: converts to the output tensor's type (or out_data_type).</summary>
public sealed class TfliteCastSchema() : TensorOpSchema(OpDomains.Tflite, "CAST")
{
    /// <inheritdoc/>
    public override void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = TfliteTypeNames.OutputType(context.Node, 0, "out_data_type", DataType.Undefined);
        if (type == DataType.Undefined) throw context.Error("the output type is neither declared nor given by out_data_type");
        context.SetOutput(0, type, context.Input(0).Shape);
    }
}
