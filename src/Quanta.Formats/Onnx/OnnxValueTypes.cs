using Quanta.Core;
using TypeProto = Onnx.TypeProto;
using ValueInfoProto = Onnx.ValueInfoProto;

namespace Quanta.Formats.Onnx;

/// <summary>A declared tensor type: element type, shape (null = unknown rank) and symbolic dim names.</summary>
internal sealed record OnnxTensorType(DataType Type, Shape? Shape, IReadOnlyList<string?>? DimNames);

/// <summary>Reads the declared types of graph inputs, outputs and value_info entries.</summary>
internal static class OnnxValueTypes
{
    /// <summary>The declared tensor type, or null when the entry declares no type.</summary>
    /// <param name="info">The entry.</param>
    /// <param name="role">"graph input", "graph output" or "value", for messages.</param>
    /// <param name="context">The import.</param>
    /// <exception cref="UnsupportedException">A non-tensor type, or an element type Quanta cannot hold.</exception>
    /// <exception cref="ModelFormatException">A dimension that is negative or too large.</exception>
    public static OnnxTensorType? Read(ValueInfoProto info, string role, OnnxImportContext context)
    {
        var type = info.Type;
        if (type is null || type.ValueCase == TypeProto.ValueOneofCase.None) return null;
        string what = $"{role} '{info.Name}'";
        if (type.ValueCase != TypeProto.ValueOneofCase.TensorType)
            throw new UnsupportedException($"{what} is {KindName(type.ValueCase)}; Quanta supports tensors only");
        var tensor = type.TensorType;
        var element = tensor.ElemType == 0 ? DataType.Undefined : OnnxTypes.Require(tensor.ElemType, what);
        if (tensor.Shape is null) return new OnnxTensorType(element, null, null);

        var dims = new int[tensor.Shape.Dim.Count];
        var names = new string?[dims.Length];
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            var d = tensor.Shape.Dim[i];
            dims[i] = Shape.Unknown;
            if (d.HasDimValue)
            {
                // -1 is how some writers spell "unknown"; anything below is corrupt.
                if (d.DimValue < -1 || d.DimValue > int.MaxValue)
                    throw context.FormatError($"{what} has dimension {i} of size {d.DimValue}");
                dims[i] = (int)d.DimValue;
                if (dims[i] >= 0) known = Math.Min(known * dims[i], (long)int.MaxValue + 1);
            }
            else if (d.HasDimParam && d.DimParam.Length > 0)
            {
                names[i] = d.DimParam;
            }
        }
        if (known > int.MaxValue)
            throw context.FormatError($"{what} declares shape {new Shape(dims)}, more than {int.MaxValue} elements");
        return new OnnxTensorType(element, new Shape(dims), Array.Exists(names, n => n is not null) ? names : null);
    }

    /// <summary>Gives <paramref name="value"/> the declared type and shape where they are known.</summary>
    public static void Apply(Value value, OnnxTensorType declared)
    {
        if (declared.Type != DataType.Undefined) value.Type = declared.Type;
        if (declared.Shape is not null)
        {
            value.Shape = declared.Shape;
            value.DimNames = declared.DimNames;
        }
    }

    private static string KindName(TypeProto.ValueOneofCase kind) => kind switch
    {
        TypeProto.ValueOneofCase.SequenceType => "a sequence",
        TypeProto.ValueOneofCase.MapType => "a map",
        TypeProto.ValueOneofCase.OptionalType => "an optional",
        TypeProto.ValueOneofCase.SparseTensorType => "a sparse tensor",
        _ => $"a {kind}",
    };
}
