namespace Quanta.Core;

/// <summary>Element types a Quanta tensor can hold.</summary>
/// <remarks>
/// The set is what CNN inference and its quantized forms need: float32 compute, float16 storage,
/// int8/uint8/int16 quantized activations and weights, int32/int64 for bias, indices and shapes,
/// bool for masks. Formats map their own type codes onto this enum and reject the rest with a
/// typed error.
/// </remarks>
public enum DataType : byte
{
    /// <summary>No type: an optional value that is absent, or a type not yet inferred.</summary>
    Undefined = 0,
    /// <summary>IEEE 754 binary32.</summary>
    Float32,
    /// <summary>IEEE 754 binary16 (<see cref="Half"/>).</summary>
    Float16,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,
    /// <summary>Signed 16-bit integer.</summary>
    Int16,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>Signed 64-bit integer.</summary>
    Int64,
    /// <summary>Boolean stored as one byte, 0 or 1.</summary>
    Bool,
}

/// <summary>Facts about each <see cref="DataType"/>.</summary>
public static class DataTypes
{
    /// <summary>Size of one element in bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For <see cref="DataType.Undefined"/>.</exception>
    public static int SizeOf(this DataType type) => type switch
    {
        DataType.Float32 => 4,
        DataType.Float16 => 2,
        DataType.Int8 => 1,
        DataType.UInt8 => 1,
        DataType.Int16 => 2,
        DataType.Int32 => 4,
        DataType.Int64 => 8,
        DataType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "type has no element size"),
    };

    /// <summary>Short lower-case name as used in tables and kernel names ("f32", "i8", ...).</summary>
    public static string ShortName(this DataType type) => type switch
    {
        DataType.Float32 => "f32",
        DataType.Float16 => "f16",
        DataType.Int8 => "i8",
        DataType.UInt8 => "u8",
        DataType.Int16 => "i16",
        DataType.Int32 => "i32",
        DataType.Int64 => "i64",
        DataType.Bool => "bool",
        _ => "undefined",
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloat(this DataType type) => type is DataType.Float32 or DataType.Float16;

    /// <summary>True for the integer types (bool excluded).</summary>
    public static bool IsInteger(this DataType type) =>
        type is DataType.Int8 or DataType.UInt8 or DataType.Int16 or DataType.Int32 or DataType.Int64;

    /// <summary>Smallest and largest value of an integer type, as <see cref="long"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a non-integer type.</exception>
    public static (long Min, long Max) IntegerRange(this DataType type) => type switch
    {
        DataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        DataType.UInt8 => (byte.MinValue, byte.MaxValue),
        DataType.Int16 => (short.MinValue, short.MaxValue),
        DataType.Int32 => (int.MinValue, int.MaxValue),
        DataType.Int64 => (long.MinValue, long.MaxValue),
        DataType.Bool => (0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an integer type"),
    };

    /// <summary>The <see cref="DataType"/> that a CLR element type stores.</summary>
    /// <exception cref="NotSupportedException">For a CLR type with no Quanta equivalent.</exception>
    public static DataType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return DataType.Float32;
        if (typeof(T) == typeof(Half)) return DataType.Float16;
        if (typeof(T) == typeof(sbyte)) return DataType.Int8;
        if (typeof(T) == typeof(byte)) return DataType.UInt8;
        if (typeof(T) == typeof(short)) return DataType.Int16;
        if (typeof(T) == typeof(int)) return DataType.Int32;
        if (typeof(T) == typeof(long)) return DataType.Int64;
        if (typeof(T) == typeof(bool)) return DataType.Bool;
        throw new NotSupportedException($"{typeof(T).Name} has no Quanta data type");
    }
}
