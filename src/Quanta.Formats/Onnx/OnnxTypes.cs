using Quanta.Core;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Formats.Onnx;

/// <summary>ONNX element type codes (TensorProto.DataType) and Quanta's <see cref="DataType"/>.</summary>
public static class OnnxTypes
{
    /// <summary>The Quanta type of an ONNX type code, or null when Quanta cannot hold it
    /// (double, string, uint16/32/64, bfloat16, complex, float8...).</summary>
    public static DataType? ToDataType(int onnxCode) => (OnnxType)onnxCode switch
    {
        OnnxType.Float => DataType.Float32,
        OnnxType.Float16 => DataType.Float16,
        OnnxType.Int8 => DataType.Int8,
        OnnxType.Uint8 => DataType.UInt8,
        OnnxType.Int16 => DataType.Int16,
        OnnxType.Int32 => DataType.Int32,
        OnnxType.Int64 => DataType.Int64,
        OnnxType.Bool => DataType.Bool,
        _ => null,
    };

    /// <summary>The ONNX type code of a Quanta type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For <see cref="DataType.Undefined"/>.</exception>
    public static int ToOnnx(DataType type) => (int)(type switch
    {
        DataType.Float32 => OnnxType.Float,
        DataType.Float16 => OnnxType.Float16,
        DataType.Int8 => OnnxType.Int8,
        DataType.UInt8 => OnnxType.Uint8,
        DataType.Int16 => OnnxType.Int16,
        DataType.Int32 => OnnxType.Int32,
        DataType.Int64 => OnnxType.Int64,
        DataType.Bool => OnnxType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no ONNX element type"),
    });

    /// <summary>ONNX's name for a type code ("DOUBLE", "STRING"), or the number when the code is unknown.</summary>
    public static string Name(int onnxCode) => onnxCode switch
    {
        (int)OnnxType.Undefined => "UNDEFINED",
        (int)OnnxType.Float => "FLOAT",
        (int)OnnxType.Uint8 => "UINT8",
        (int)OnnxType.Int8 => "INT8",
        (int)OnnxType.Uint16 => "UINT16",
        (int)OnnxType.Int16 => "INT16",
        (int)OnnxType.Int32 => "INT32",
        (int)OnnxType.Int64 => "INT64",
        (int)OnnxType.String => "STRING",
        (int)OnnxType.Bool => "BOOL",
        (int)OnnxType.Float16 => "FLOAT16",
        (int)OnnxType.Double => "DOUBLE",
        (int)OnnxType.Uint32 => "UINT32",
        (int)OnnxType.Uint64 => "UINT64",
        (int)OnnxType.Complex64 => "COMPLEX64",
        (int)OnnxType.Complex128 => "COMPLEX128",
        (int)OnnxType.Bfloat16 => "BFLOAT16",
        // Codes 17-21 (float8 variants, uint4/int4) postdate the schema Quanta was generated from.
        _ => $"type code {onnxCode}",
    };

    /// <summary>The Quanta type of an ONNX type code, or an error naming <paramref name="what"/>.</summary>
    /// <exception cref="UnsupportedException">The type has no Quanta equivalent.</exception>
    internal static DataType Require(int onnxCode, string what) =>
        ToDataType(onnxCode) ?? throw new UnsupportedException($"{what} has ONNX type {Name(onnxCode)}, which Quanta does not support");
}
