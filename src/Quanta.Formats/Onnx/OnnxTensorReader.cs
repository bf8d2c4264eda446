using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quanta.Core;
using TensorProto = Onnx.TensorProto;

namespace Quanta.Formats.Onnx;

/// <summary>
/// Converts ONNX TensorProto messages (initializers, tensor attributes, the backend tests'
/// input_*.pb/output_*.pb files) into Quanta tensors.
/// </summary>
/// <remarks>
/// Element data may be in raw_data (little-endian bytes), in the typed field ONNX assigns to the
/// type (float_data; int32_data, which also carries int8/uint8/int16/bool and float16 bit
/// patterns; int64_data), or in an external file. The element count the dims claim is checked
/// against the data actually present before anything of that size is allocated.
/// </remarks>
public static class OnnxTensorReader
{
    /// <summary>Reads a serialized TensorProto file (as in ONNX's backend test data sets).</summary>
    /// <exception cref="ModelFormatException">The file is unreadable, malformed, or inconsistent.</exception>
    /// <exception cref="UnsupportedException">The tensor's type has no Quanta equivalent.</exception>
    public static Tensor ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, $"cannot read the tensor file: {e.Message}", e);
        }
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, $"not a valid ONNX TensorProto: {e.Message}", e);
        }
        return Read(proto, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Converts one TensorProto.</summary>
    /// <param name="proto">The message.</param>
    /// <param name="sourceName">The file it came from, for messages.</param>
    /// <param name="baseDirectory">Where external data may be read from, or null to forbid it.</param>
    /// <exception cref="ModelFormatException">Bad dims, a data length that does not match them, bad external data.</exception>
    /// <exception cref="UnsupportedException">The tensor's type has no Quanta equivalent.</exception>
    public static Tensor Read(TensorProto proto, string sourceName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return Read(proto, proto.Name, sourceName, new OnnxExternalData(sourceName, baseDirectory));
    }

    /// <summary>Converts one TensorProto, reading external data through <paramref name="external"/>.</summary>
    /// <param name="proto">The message.</param>
    /// <param name="name">The tensor's name, for messages.</param>
    /// <param name="source">The file it came from, for messages.</param>
    /// <param name="external">Where external data is read from.</param>
    /// <param name="adoptRawData">The message was parsed here and is dropped afterwards, so the
    /// tensor may take over its raw_data array instead of copying it.</param>
    internal static Tensor Read(TensorProto proto, string name, string source, OnnxExternalData external, bool adoptRawData = false)
    {
        var type = OnnxTypes.Require(proto.DataType, $"tensor '{name}'");
        if (proto.Segment is not null)
            throw new UnsupportedException($"tensor '{name}' is stored in segments, which Quanta does not support");
        var shape = ReadDims(proto, name, source);
        long count = shape.ElementCount;
        long byteCount = count * type.SizeOf();
        if (byteCount > Array.MaxLength)
            throw new ModelFormatException(source, $"tensor '{name}' {type.ShortName()}{shape} needs {byteCount} bytes, more than one array can hold");

        byte[] data;
        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
            data = external.Read(name, proto.ExternalData.Select(e => KeyValuePair.Create(e.Key, e.Value)), byteCount);
        else if (proto.HasRawData)
            data = ReadRaw(proto.RawData, name, source, type, shape, byteCount, adoptRawData);
        else
            data = ReadTyped(proto, name, source, type, shape, count);

        if (type == DataType.Bool) NormalizeBools(data);
        return new Tensor(type, shape, data);
    }

    private static Shape ReadDims(TensorProto proto, string name, string source)
    {
        var dims = new int[proto.Dims.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            long d = proto.Dims[i];
            if (d < 0 || d > int.MaxValue)
                throw new ModelFormatException(source, $"tensor '{name}' has dimension {i} of size {d}");
            dims[i] = (int)d;
            // Stop growing once past int.MaxValue: such a tensor is rejected below anyway, and
            // this keeps the product from overflowing however many dims follow.
            count = Math.Min(count * d, (long)int.MaxValue + 1);
        }
        if (count > int.MaxValue)
            throw new ModelFormatException(source, $"tensor '{name}' has dims [{string.Join(",", proto.Dims)}], more than {int.MaxValue} elements");
        return new Shape(dims);
    }

    private static byte[] ReadRaw(ByteString raw, string name, string source, DataType type, Shape shape, long byteCount, bool adopt)
    {
        if (raw.Length != byteCount)
            throw new ModelFormatException(source, $"tensor '{name}' {type.ShortName()}{shape} needs {byteCount} bytes of raw_data, but has {raw.Length}");
        // Both raw_data and Quanta tensors are little-endian. The parser gave this field an array of
        // its own, exactly its size; when the message is dropped after import the tensor takes the
        // array over instead of copying it (one copy of the weights while loading, not two).
        if (adopt && MemoryMarshal.TryGetArray(raw.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            return segment.Array;
        return raw.ToByteArray();
    }

    private static byte[] ReadTyped(TensorProto proto, string name, string source, DataType type, Shape shape, long count)
    {
        long present = type switch
        {
            DataType.Float32 => proto.FloatData.Count,
            DataType.Int64 => proto.Int64Data.Count,
            _ => proto.Int32Data.Count,
        };
        if (present != count)
        {
            string field = type switch { DataType.Float32 => "float_data", DataType.Int64 => "int64_data", _ => "int32_data" };
            throw new ModelFormatException(source, $"tensor '{name}' {type.ShortName()}{shape} needs {count} values, but {field} has {present}");
        }
        var data = new byte[count * type.SizeOf()];
        switch (type)
        {
            case DataType.Float32:
                proto.FloatData.ToArray().CopyTo(MemoryMarshal.Cast<byte, float>(data.AsSpan()));
                break;
            case DataType.Int64:
                proto.Int64Data.ToArray().CopyTo(MemoryMarshal.Cast<byte, long>(data.AsSpan()));
                break;
            default:
                UnpackInt32Data(proto, name, source, type, data);
                break;
        }
        return data;
    }

    // int32_data holds each narrow element widened to int32; float16 elements are their 16-bit
    // patterns (onnx.proto: "float16 values must be bit-wise converted to an uint16_t").
    private static void UnpackInt32Data(TensorProto proto, string name, string source, DataType type, byte[] data)
    {
        (long min, long max) = type switch
        {
            DataType.Float16 => (0L, ushort.MaxValue),
            DataType.Bool => (int.MinValue, int.MaxValue), // any non-zero is true
            _ => type.IntegerRange(),
        };
        var values = proto.Int32Data;
        for (int i = 0; i < values.Count; i++)
        {
            int v = values[i];
            if (v < min || v > max)
                throw new ModelFormatException(source, $"tensor '{name}': int32_data[{i}] = {v} does not fit in {type}");
            switch (type)
            {
                case DataType.Int8: data[i] = (byte)(sbyte)v; break;
                case DataType.UInt8: data[i] = (byte)v; break;
                case DataType.Bool: data[i] = v != 0 ? (byte)1 : (byte)0; break;
                case DataType.Int16: BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)v); break;
                case DataType.Float16: BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2 * i), (ushort)v); break;
                case DataType.Int32: BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), v); break;
                default: throw new InvalidOperationException($"type {type} is not stored in int32_data");
            }
        }
    }

    // Quanta's kernels read a bool byte as 0 or 1; ONNX writers may store any non-zero byte.
    private static void NormalizeBools(byte[] data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] > 1) data[i] = 1;
        }
    }
}
