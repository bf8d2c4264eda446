using System.Buffers.Binary;
using Onnx;
using Quanta.Core;
using Quanta.Formats.Onnx;
using Xunit;
using static Quanta.Tests.OnnxImport.OnnxModelBuilder;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

public class OnnxTensorReaderTests
{
    private static Tensor Read(TensorProto t) => OnnxTensorReader.Read(t, "t.pb");

    private static TensorProto Typed(OnnxType type, long[] dims, params int[] int32Data)
    {
        var t = new TensorProto { Name = "t", DataType = (int)type };
        t.Dims.AddRange(dims);
        t.Int32Data.AddRange(int32Data);
        return t;
    }

    [Fact]
    public void Float32RawAndTyped()
    {
        var raw = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(raw, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4), -2f);
        var fromRaw = Read(RawTensor("t", OnnxType.Float, [2], raw));
        var fromTyped = Read(FloatTensor("t", [2, 1], 1.5f, -2f));
        Assert.Equal([1.5f, -2f], fromRaw.ToArray<float>());
        Assert.Equal([1.5f, -2f], fromTyped.ToArray<float>());
        Assert.Equal(new Shape(2, 1), fromTyped.Shape);
    }

    [Fact]
    public void Int64RawAndTyped()
    {
        var raw = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(raw, long.MinValue);
        BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8), 1L << 40);
        Assert.Equal([long.MinValue, 1L << 40], Read(RawTensor("t", OnnxType.Int64, [2], raw)).ToArray<long>());
        Assert.Equal([long.MinValue, 1L << 40], Read(Int64Tensor("t", [2], long.MinValue, 1L << 40)).ToArray<long>());
    }

    [Fact]
    public void Int32RawAndTyped()
    {
        var raw = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(raw, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4), 7);
        Assert.Equal([int.MinValue, 7], Read(RawTensor("t", OnnxType.Int32, [2], raw)).ToArray<int>());
        Assert.Equal([int.MinValue, 7], Read(Typed(OnnxType.Int32, [2], int.MinValue, 7)).ToArray<int>());
    }

    [Fact]
    public void Int8AndUInt8RawAndTypedInInt32Data()
    {
        Assert.Equal([(sbyte)-128, (sbyte)127], Read(RawTensor("t", OnnxType.Int8, [2], [0x80, 0x7F])).ToArray<sbyte>());
        Assert.Equal([(sbyte)-128, (sbyte)127], Read(Typed(OnnxType.Int8, [2], -128, 127)).ToArray<sbyte>());
        Assert.Equal([(byte)0, (byte)255], Read(RawTensor("t", OnnxType.Uint8, [2], [0, 255])).ToArray<byte>());
        Assert.Equal([(byte)0, (byte)255], Read(Typed(OnnxType.Uint8, [2], 0, 255)).ToArray<byte>());
    }

    [Fact]
    public void Int16RawAndTyped()
    {
        Assert.Equal([(short)-2, (short)0x1234], Read(RawTensor("t", OnnxType.Int16, [2], [0xFE, 0xFF, 0x34, 0x12])).ToArray<short>());
        Assert.Equal([(short)-2, (short)0x1234], Read(Typed(OnnxType.Int16, [2], -2, 0x1234)).ToArray<short>());
    }

    [Fact]
    public void Float16RawAndAsBitPatternsInInt32Data()
    {
        // 0x3C00 = 1.0, 0xC000 = -2.0, 0x7C00 = +inf in IEEE binary16.
        var fromRaw = Read(RawTensor("t", OnnxType.Float16, [3], [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x7C]));
        var fromTyped = Read(Typed(OnnxType.Float16, [3], 0x3C00, 0xC000, 0x7C00));
        Assert.Equal([1f, -2f, float.PositiveInfinity], fromRaw.ToFloatArray());
        Assert.Equal([1f, -2f, float.PositiveInfinity], fromTyped.ToFloatArray());
    }

    [Fact]
    public void BoolRawAndTypedAreZeroOrOne()
    {
        Assert.Equal([false, true, true], Read(RawTensor("t", OnnxType.Bool, [3], [0, 1, 2])).ToArray<bool>());
        Assert.Equal([true, false], Read(Typed(OnnxType.Bool, [2], 1, 0)).ToArray<bool>());
        Assert.Equal([(byte)1], Read(RawTensor("t", OnnxType.Bool, [1], [0xFF])).Bytes.ToArray());
    }

    [Fact]
    public void ScalarAndEmptyTensors()
    {
        var scalar = Read(FloatTensor("t", [], 3f));
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal([3f], scalar.ToArray<float>());
        var empty = Read(FloatTensor("t", [0, 4]));
        Assert.Equal(0, empty.ElementCount);
    }

    [Theory]
    [InlineData(OnnxType.Float, 3)]
    [InlineData(OnnxType.Int8, 1)]
    [InlineData(OnnxType.Int64, 9)]
    public void RawLengthMismatchIsAFormatErrorNamingTheTensor(OnnxType type, int bytes)
    {
        var e = Assert.Throws<ModelFormatException>(() => Read(RawTensor("weights", type, [2], new byte[bytes])));
        Assert.Contains("'weights'", e.Message);
    }

    [Fact]
    public void TypedCountMismatchIsAFormatError()
    {
        Assert.Contains("'w'", Assert.Throws<ModelFormatException>(() => Read(FloatTensor("w", [3], 1f, 2f))).Message);
        Assert.Throws<ModelFormatException>(() => Read(Int64Tensor("w", [1])));
        Assert.Throws<ModelFormatException>(() => Read(Typed(OnnxType.Uint8, [1], 1, 2)));
    }

    [Fact]
    public void Int32DataOutOfRangeForItsTypeIsAFormatError()
    {
        Assert.Throws<ModelFormatException>(() => Read(Typed(OnnxType.Int8, [1], 200)));
        Assert.Throws<ModelFormatException>(() => Read(Typed(OnnxType.Uint8, [1], -1)));
        Assert.Throws<ModelFormatException>(() => Read(Typed(OnnxType.Float16, [1], 70000)));
    }

    [Fact]
    public void HostileDimsAreRejectedBeforeAllocating()
    {
        Assert.Throws<ModelFormatException>(() => Read(FloatTensor("t", [-2])));
        // 2^62 elements claimed, 4 bytes present: must fail without trying to allocate.
        Assert.Throws<ModelFormatException>(() => Read(RawTensor("t", OnnxType.Float, [1L << 31, 1L << 31], new byte[4])));
        Assert.Throws<ModelFormatException>(() => Read(RawTensor("t", OnnxType.Float, [1L << 40, 0, 1L << 40], [])));
        Assert.Throws<ModelFormatException>(() => Read(RawTensor("t", OnnxType.Float, [1 << 29], new byte[4])));
    }

    [Theory]
    [InlineData(OnnxType.Double, "DOUBLE")]
    [InlineData(OnnxType.String, "STRING")]
    [InlineData(OnnxType.Uint64, "UINT64")]
    [InlineData(OnnxType.Bfloat16, "BFLOAT16")]
    public void UnsupportedTypesNameTheTensorAndType(OnnxType type, string name)
    {
        var e = Assert.Throws<UnsupportedException>(() => Read(RawTensor("w", type, [1], new byte[8])));
        Assert.Contains("'w'", e.Message);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void ReadFileParsesASerializedTensorProto()
    {
        string path = Path.Combine(Path.GetTempPath(), $"quanta-tensor-{Guid.NewGuid():N}.pb");
        try
        {
            File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(Int64Tensor("t", [2], 5, -6)));
            Assert.Equal([5L, -6L], OnnxTensorReader.ReadFile(path).ToArray<long>());
            File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF]);
            Assert.Throws<ModelFormatException>(() => OnnxTensorReader.ReadFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OnnxTypeCodesRoundTrip()
    {
        foreach (var t in Enum.GetValues<DataType>().Where(t => t != DataType.Undefined))
            Assert.Equal(t, OnnxTypes.ToDataType(OnnxTypes.ToOnnx(t)));
        Assert.Null(OnnxTypes.ToDataType((int)OnnxType.Double));
        Assert.Equal("DOUBLE", OnnxTypes.Name((int)OnnxType.Double));
    }
}
