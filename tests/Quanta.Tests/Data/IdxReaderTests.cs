using System.IO.Compression;
using Quanta.Core;
using Quanta.Data;
using Quanta.Data.Datasets;
using Quanta.Data.Idx;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Data;

public class IdxReaderTests
{
    private static byte[] Gzip(byte[] plain)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(plain);
        return buffer.ToArray();
    }

    [Fact]
    public void ReadsPlainAndGzippedFilesWithBigEndianElements()
    {
        // int16 [2,2] = 1, -2, 256, 32767, stored big-endian.
        byte[] plain = [0, 0, 0x0B, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0x00, 0x01, 0xFF, 0xFE, 0x01, 0x00, 0x7F, 0xFF];
        foreach (var bytes in new[] { plain, Gzip(plain) })
        {
            var t = IdxReader.Read(bytes, "mem");
            Assert.Equal(new Shape(2, 2), t.Shape);
            Assert.Equal([(short)1, (short)-2, (short)256, (short)32767], t.ToArray<short>());
        }
        var f = IdxReader.Read([0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0xC0, 0, 0], "mem");
        Assert.Equal(1.5f, f.ToArray<float>()[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 8 }, "truncated IDX header")]
    [InlineData(new byte[] { 1, 2, 8, 1, 0, 0, 0, 0 }, "not an IDX file")]
    [InlineData(new byte[] { 0, 0, 0x0E, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, "float64")]
    [InlineData(new byte[] { 0, 0, 0x07, 1, 0, 0, 0, 1, 0 }, "unknown IDX type code 0x07")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2 }, "rank 3 needs 16 bytes")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2 }, "truncated IDX data: dimensions [3] need 3 bytes of UInt8, only 2 follow")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "1 bytes more")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0 }, "truncated IDX header")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0 }, "corrupt gzip")]
    public void RejectsMalformedFilesNamingThem(byte[] bytes, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(bytes, "bad.idx"));
        Assert.StartsWith("bad.idx: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ATruncatedGzippedFileIsAnError()
    {
        byte[] plain = [0, 0, 8, 1, 0, 0, 0, 100, .. new byte[100]];
        var gz = Gzip(plain);
        Assert.Throws<DataFormatException>(() => IdxReader.Read(gz[..(gz.Length / 2)], "cut.gz"));
    }

    [SkippableFact]
    public void ReadsDebiansFashionMnist()
    {
        string folder = TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist");
        var test = FashionMnist.Load(FashionMnistSplit.Test, folder);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(10_000 * 784, test.Images.Length);
        // First labels and pixels, read independently with Python's gzip module.
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5], test.Labels[..12].ToArray().Select(b => (int)b));
        Assert.Equal([0, 0, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0, 98, 136], test.Image(0).Slice(28 * 14, 14).ToArray().Select(b => (int)b));
        int sum = 0;
        foreach (byte p in test.Image(0)) sum += p;
        Assert.Equal(33456, sum);

        var train = FashionMnist.Load(FashionMnistSplit.Train, folder);
        Assert.Equal(60_000, train.Count);
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9], train.Labels[..12].ToArray().Select(b => (int)b));
    }

    [Fact]
    public void AMissingDatasetNamesThePackage()
    {
        var e = Assert.Throws<DataFormatException>(() => FashionMnist.Load(FashionMnistSplit.Test, "/nonexistent"));
        Assert.Contains("/nonexistent/t10k-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void PreprocessingMatchesTheModelsReadme()
    {
        var x = new float[3];
        FashionMnistPreprocessing.Normalize([0, 255, 73], x);
        Assert.Equal((0f - 0.2860f) / 0.3530f, x[0]);
        Assert.Equal((1f - 0.2860f) / 0.3530f, x[1]);
        Assert.Equal(((73 / 255f) - 0.2860f) / 0.3530f, x[2]);
        Assert.Equal(-0.810198, x[0], 6);
        Assert.Equal(2.022663, x[1], 6);
    }
}
