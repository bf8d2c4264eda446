using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>Maps TFLite's <c>TensorType</c> onto Quanta's <see cref="DataType"/>.</summary>
internal static class TfliteTypes
{
    /// <summary>The Quanta type of a TFLite tensor type, or null when Quanta has none
    /// (STRING, FLOAT64, COMPLEX*, UINT16/32/64, INT4, BFLOAT16, RESOURCE, VARIANT, …).</summary>
    public static DataType? ToDataType(tflite.TensorType type) => type switch
    {
        tflite.TensorType.FLOAT32 => DataType.Float32,
        tflite.TensorType.FLOAT16 => DataType.Float16,
        tflite.TensorType.INT8 => DataType.Int8,
        tflite.TensorType.UINT8 => DataType.UInt8,
        tflite.TensorType.INT16 => DataType.Int16,
        tflite.TensorType.INT32 => DataType.Int32,
        tflite.TensorType.INT64 => DataType.Int64,
        tflite.TensorType.BOOL => DataType.Bool,
        _ => null,
    };

    /// <summary>The TFLite tensor type that stores a Quanta type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For <see cref="DataType.Undefined"/>.</exception>
    public static tflite.TensorType FromDataType(DataType type) => type switch
    {
        DataType.Float32 => tflite.TensorType.FLOAT32,
        DataType.Float16 => tflite.TensorType.FLOAT16,
        DataType.Int8 => tflite.TensorType.INT8,
        DataType.UInt8 => tflite.TensorType.UINT8,
        DataType.Int16 => tflite.TensorType.INT16,
        DataType.Int32 => tflite.TensorType.INT32,
        DataType.Int64 => tflite.TensorType.INT64,
        DataType.Bool => tflite.TensorType.BOOL,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no TFLite tensor type"),
    };

    /// <summary>The schema's name of a tensor type, or its number when the schema has no such value.</summary>
    public static string Name(tflite.TensorType type) =>
        Enum.IsDefined(type) ? type.ToString() : $"unknown type {(sbyte)type}";
}
