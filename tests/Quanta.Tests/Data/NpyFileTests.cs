using System.Text;
using Quanta.Core;
using Quanta.Data;
using Quanta.Data.TensorFiles;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Data;

/// <summary>.npy reading against files NumPy wrote (Fixtures/make_fixtures.py), writing against
/// NumPy's bytes, and round trips of every type.</summary>
public class NpyFileTests
{
    private static string Fixture(string name) => TestData.RepoPath("tests", "Quanta.Tests", "Data", "Fixtures", name);

    [Fact]
    public void ReadsEveryTypeNumPyWrote()
    {
        var f4 = NpyFile.Read(Fixture("f4_2x3.npy"));
        Assert.Equal(new Shape(2, 3), f4.Shape);
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], f4.ToArray<float>());
        Assert.Equal([(Half)1.5, (Half)(-2), (Half)65504, (Half)0.0009765625], NpyFile.Read(Fixture("f2_4.npy")).ToArray<Half>());
        Assert.Equal([(sbyte)-128, (sbyte)-1, (sbyte)0, (sbyte)1, (sbyte)127], NpyFile.Read(Fixture("i1_5.npy")).ToArray<sbyte>());
        var u1 = NpyFile.Read(Fixture("u1_2x2.npy"));
        Assert.Equal(new Shape(2, 2), u1.Shape);
        Assert.Equal([(byte)0, (byte)1, (byte)128, (byte)255], u1.ToArray<byte>());
        Assert.Equal([(short)-32768, (short)12345, (short)32767], NpyFile.Read(Fixture("i2_3.npy")).ToArray<short>());
        var i4 = NpyFile.Read(Fixture("i4_2x1x2.npy"));
        Assert.Equal(new Shape(2, 1, 2), i4.Shape);
        Assert.Equal([int.MinValue, -7, 7, int.MaxValue], i4.ToArray<int>());
        Assert.Equal([long.MinValue, 1L << 40, long.MaxValue], NpyFile.Read(Fixture("i8_3.npy")).ToArray<long>());
        var b1 = NpyFile.Read(Fixture("b1_4.npy"));
        Assert.Equal(DataType.Bool, b1.Type);
        Assert.Equal([(byte)1, (byte)0, (byte)0, (byte)1], b1.Bytes.ToArray());
    }

    [Fact]
    public void ReadsScalarsEmptyTensorsAndHeaderVersions2And3()
    {
        var scalar = NpyFile.Read(Fixture("f4_scalar.npy"));
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal(3.25f, scalar.ToArray<float>()[0]);
        Assert.Equal(new Shape(0, 3), NpyFile.Read(Fixture("f4_empty_0x3.npy")).Shape);
        var v1 = NpyFile.Read(Fixture("f4_2x3.npy")).ToArray<float>();
        Assert.Equal(v1, NpyFile.Read(Fixture("f4_2x3_v2.npy")).ToArray<float>());
        Assert.Equal(v1, NpyFile.Read(Fixture("f4_2x3_v3.npy")).ToArray<float>());
    }

    [Fact]
    public void WritesTheBytesNumPyWrites()
    {
        foreach (var name in new[] { "f4_2x3.npy", "f2_4.npy", "i1_5.npy", "u1_2x2.npy", "i2_3.npy", "i4_2x1x2.npy", "i8_3.npy", "b1_4.npy", "f4_scalar.npy", "f4_empty_0x3.npy" })
        {
            var numpy = File.ReadAllBytes(Fixture(name));
            Assert.True(numpy.AsSpan().SequenceEqual(NpyFile.Encode(NpyFile.Read(Fixture(name)))), name);
        }
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Int16)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Bool)]
    public void RoundTripsEveryTypeThroughAFile(DataType type)
    {
        var shape = new Shape(3, 1, 5);
        var t = Tensor.Zeros(type, shape);
        var random = new Random(7 + (int)type);
        random.NextBytes(t.Bytes);
        if (type == DataType.Bool) for (int i = 0; i < t.ByteCount; i++) t.Bytes[i] &= 1;
        if (type == DataType.Float16) t.AsSpan<Half>().Fill((Half)(-0.125));
        string path = Path.Combine(Path.GetTempPath(), $"quanta-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, t);
            var back = NpyFile.Read(path);
            Assert.Equal(type, back.Type);
            Assert.Equal(shape, back.Shape);
            Assert.Equal(t.Bytes.ToArray(), back.Bytes.ToArray());
            Assert.Equal(0, (File.ReadAllBytes(path).Length - t.ByteCount) % 64); // data aligned as NumPy aligns it
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("f4_2x3_fortran.npy", "Fortran order")]
    [InlineData("f4_be.npy", "big-endian")]
    [InlineData("f8_2.npy", "'<f8' is not supported")]
    public void RejectsWhatItCannotRepresent(string fixture, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => NpyFile.Read(Fixture(fixture)));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Fixture(fixture), e.Message);
    }

    private static byte[] WithHeader(string header, int major = 1, int dataBytes = 0)
    {
        var h = Encoding.Latin1.GetBytes(header + "\n");
        var prefix = major == 1
            ? new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)h.Length, (byte)(h.Length >> 8) }
            : [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0, (byte)h.Length, (byte)(h.Length >> 8), 0, 0];
        return [.. prefix, .. h, .. new byte[dataBytes]];
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24, null)]
    [InlineData("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}", 24, null)]
    [InlineData("{'shape': (4,), 'fortran_order': False, 'descr': '|u1'}", 4, null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20, "truncated .npy data")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 28, "4 bytes more")]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", 0, "exactly the keys")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", 24, "malformed")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", 24, "malformed")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x)}", 24, "malformed")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", 24, "malformed")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", 8, "malformed")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", 16, "'<c8' is not supported")]
    [InlineData("{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}", 2, null)]
    public void ParsesHeaderVariantsAndRejectsBadOnes(string header, int dataBytes, string? error)
    {
        var bytes = WithHeader(header, dataBytes: dataBytes);
        if (error is null)
        {
            Assert.Equal(dataBytes, NpyFile.Read(bytes, "mem.npy").ByteCount);
            return;
        }
        var e = Assert.Throws<DataFormatException>(() => NpyFile.Read(bytes, "mem.npy"));
        Assert.Contains(error, e.Message);
        Assert.StartsWith("mem.npy: ", e.Message);
    }

    [Fact]
    public void RejectsBadMagicVersionsTruncatedHeadersBadBoolsAndMissingFiles()
    {
        Assert.Contains("not a .npy file", Assert.Throws<DataFormatException>(() => NpyFile.Read("PK\x03\x04xxxxxxxx"u8, "x.npy")).Message);
        var v4 = WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", major: 4, dataBytes: 4);
        Assert.Contains("version 4.0", Assert.Throws<DataFormatException>(() => NpyFile.Read(v4, "x.npy")).Message);
        var full = WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", dataBytes: 4);
        Assert.Contains("truncated .npy header", Assert.Throws<DataFormatException>(() => NpyFile.Read(full.AsSpan(0, 30), "x.npy")).Message);
        var bools = WithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}", dataBytes: 2);
        bools[^1] = 2;
        Assert.Contains("not 0 or 1", Assert.Throws<DataFormatException>(() => NpyFile.Read(bools, "x.npy")).Message);
        var missing = Assert.Throws<DataFormatException>(() => NpyFile.Read("/nonexistent/a.npy"));
        Assert.Equal("/nonexistent/a.npy: file not found", missing.Message);
    }
}
