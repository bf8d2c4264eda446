using Quanta.Core;
using Quanta.Data;
using Quanta.Data.TensorFiles;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Data;

public sealed class CsvAndRawTensorFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ParsesValuesOverLinesWithCrlfAndTrailingCommas()
    {
        var t = CsvTensorFile.Read(Write("a.csv", "1.5, -2,3e2,\r\n\r\n 4 ,5,6\r\n"), DataType.Float32, new Shape(2, 3));
        Assert.Equal([1.5f, -2f, 300f, 4f, 5f, 6f], t.ToArray<float>());
        var i16 = CsvTensorFile.Parse("-32768,0,32767", DataType.Int16, new Shape(3), "mem");
        Assert.Equal([(short)-32768, (short)0, (short)32767], i16.ToArray<short>());
        var i8 = CsvTensorFile.Parse("-128,127", DataType.Int8, new Shape(2), "mem");
        Assert.Equal([(sbyte)-128, (sbyte)127], i8.ToArray<sbyte>());
        var i64 = CsvTensorFile.Parse("9223372036854775807", DataType.Int64, new Shape(1), "mem");
        Assert.Equal(long.MaxValue, i64.ToArray<long>()[0]);
        var b = CsvTensorFile.Parse("0,1,true,False", DataType.Bool, new Shape(4), "mem");
        Assert.Equal([(byte)0, (byte)1, (byte)1, (byte)0], b.Bytes.ToArray());
    }

    [Fact]
    public void SolvesOneUnknownDimensionFromTheCount()
    {
        var t = CsvTensorFile.Parse("1,2,3,4,5,6", DataType.Int32, new Shape(Shape.Unknown, 3), "mem");
        Assert.Equal(new Shape(2, 3), t.Shape);
        var e = Assert.Throws<DataFormatException>(() => CsvTensorFile.Parse("1,2,3,4", DataType.Int32, new Shape(Shape.Unknown, 3), "mem"));
        Assert.Contains("4 values", e.Message);
        Assert.Contains("several unknown", Assert.Throws<DataFormatException>(() => CsvTensorFile.Parse("1,2", DataType.Int32, new Shape(Shape.Unknown, Shape.Unknown), "mem")).Message);
    }

    [Fact]
    public void CountMismatchNamesTheFileAndBothCounts()
    {
        string path = Write("short.csv", "1,2,3,4,5");
        var e = Assert.Throws<DataFormatException>(() => CsvTensorFile.Read(path, DataType.Float32, new Shape(2, 3)));
        Assert.Equal($"{path}: has 5 values, but shape [2,3] needs 6", e.Message);
    }

    [Theory]
    [InlineData("1,,2", DataType.Float32, "line 1: empty field 2")]
    [InlineData("1,2\n3,abc", DataType.Float32, "line 2: 'abc' is not a float")]
    [InlineData("128", DataType.Int8, "line 1: 128 is outside the range of Int8 [-128, 127]")]
    [InlineData("-1", DataType.UInt8, "outside the range of UInt8")]
    [InlineData("1.5", DataType.Int32, "'1.5' is not an integer of Int32")]
    [InlineData("2", DataType.Bool, "'2' is not a bool")]
    public void RejectsBadValuesNamingTheLine(string text, DataType type, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => CsvTensorFile.Parse(text, type, new Shape(Shape.Unknown), "in.csv"));
        Assert.StartsWith("in.csv: line ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void FormatWritesRowsAndReadsBackExactly()
    {
        var t = Tensor.FromArray(new Shape(2, 3), [0.1f, -1e-8f, float.MaxValue, 1f / 3, 2f, -0f]);
        string text = CsvTensorFile.Format(t);
        Assert.Equal(2, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(t.ToArray<float>(), CsvTensorFile.Parse(text, DataType.Float32, t.Shape, "mem").ToArray<float>());
        Assert.Equal("-5,7\n", CsvTensorFile.Format(Tensor.FromArray(new Shape(1, 2), [(sbyte)-5, (sbyte)7])));
        Assert.Equal("42\n", CsvTensorFile.Format(Tensor.Scalar(42L)));
    }

    [SkippableFact]
    public void ReadsTheTfliteMicroConformanceCsv()
    {
        string path = TestData.Require(TestData.SharedPath("conformance", "tflite-micro", "seanet", "add", "add0_input0_int16.csv"), "../shared");
        var t = CsvTensorFile.Read(path, DataType.Int16, new Shape(Shape.Unknown));
        // The first values of the file, read independently with `head -c 40`.
        Assert.Equal([(short)28919, (short)-8528, (short)-5335, (short)-5173], t.ToArray<short>()[..4]);
    }

    [Fact]
    public void RawFilesAreCheckedAgainstTypeAndShape()
    {
        string path = Path.Combine(_dir, "x.bin");
        File.WriteAllBytes(path, [1, 0, 2, 0, 3, 0, 0xFF, 0xFF]);
        var t = RawTensorFile.Read(path, DataType.Int16, new Shape(2, 2));
        Assert.Equal([(short)1, (short)2, (short)3, (short)-1], t.ToArray<short>());
        Assert.Equal(new Shape(4, 1), RawTensorFile.Read(path, DataType.Int16, new Shape(Shape.Unknown, 1)).Shape);
        var e = Assert.Throws<DataFormatException>(() => RawTensorFile.Read(path, DataType.Int16, new Shape(1, 3)));
        Assert.Equal($"{path}: has 4 Int16 elements (8 bytes), but shape [1,3] needs 3", e.Message);
        File.WriteAllBytes(path, new byte[7]);
        var odd = Assert.Throws<DataFormatException>(() => RawTensorFile.Read(path, DataType.Int16, new Shape(Shape.Unknown)));
        Assert.Equal($"{path}: has 7 bytes, not a whole number of 2-byte Int16 elements", odd.Message);
    }

    [Fact]
    public void TensorFileDispatchesByExtension()
    {
        string csv = Write("v.csv", "1,2");
        Assert.Equal([1f, 2f], TensorFile.Read(csv, DataType.Float32, new Shape(1, 2)).ToArray<float>());
        string unknown = Write("v.txt", "1,2");
        var e = Assert.Throws<DataFormatException>(() => TensorFile.Read(unknown, DataType.Float32, new Shape(1, 2)));
        Assert.Contains("unknown tensor file extension '.txt'", e.Message);
    }
}
