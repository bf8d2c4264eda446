using System.Buffers.Binary;
using Quanta.Core;
using Quanta.Data;
using Quanta.Data.Images;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Data;

/// <summary>Images into input tensors. The PNG fixtures (Fixtures/make_fixtures.py) are 4×3 with
/// gray (or red) value 10·y + x at pixel (x, y); green is 110 + that, blue 200 − that.</summary>
public class ImageTensorLoaderTests
{
    private static string Fixture(string name) => TestData.RepoPath("tests", "Quanta.Tests", "Data", "Fixtures", name);

    private static readonly byte[] s_grayHw = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23];

    [Fact]
    public void GrayPngFillsFloatNchwAndUInt8Nhwc()
    {
        var f = ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.Float32, new Shape(Shape.Unknown, 1, 3, 4));
        Assert.Equal(new Shape(1, 1, 3, 4), f.Shape);
        Assert.Equal(s_grayHw.Select(p => p / 255f), f.ToArray<float>());
        var u = ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.UInt8, new Shape(1, 3, 4, 1));
        Assert.Equal(s_grayHw, u.ToArray<byte>());
        var hw = ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.UInt8, new Shape(3, 4));
        Assert.Equal(new Shape(3, 4), hw.Shape);
    }

    [Fact]
    public void MeanAndStdApplyPerChannelAfterScaling()
    {
        var options = new ImageTensorOptions { Mean = [0.5f, 0.25f, 0f], Std = [2f] };
        var t = ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Float32, new Shape(1, 3, 3, 4), options);
        var v = t.ToArray<float>();
        // NCHW: plane R, then G, then B. Pixel (1, 2): R = 21, G = 131, B = 179.
        int p = (2 * 4) + 1;
        Assert.Equal(((21 / 255f) - 0.5f) / 2f, v[p]);
        Assert.Equal(((131 / 255f) - 0.25f) / 2f, v[12 + p]);
        Assert.Equal((179 / 255f) / 2f, v[24 + p]);
        Assert.Throws<InvalidInputException>(() => ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Float32, new Shape(1, 3, 3, 4), new ImageTensorOptions { Mean = [1f, 2f] }));
        Assert.Throws<InvalidInputException>(() => ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Float32, new Shape(1, 3, 3, 4), new ImageTensorOptions { Std = [0f] }));
    }

    [Fact]
    public void RgbPngFillsInt8NhwcWithBytesReinterpreted()
    {
        var t = ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Int8, new Shape(1, 3, 4, 3));
        var v = t.ToArray<sbyte>();
        // Pixel (3, 2): R = 23, G = 133 → (sbyte)-123, B = 177 → (sbyte)-79.
        int p = ((2 * 4) + 3) * 3;
        Assert.Equal([(sbyte)23, (sbyte)-123, (sbyte)-79], v[p..(p + 3)]);
        Assert.Throws<InvalidInputException>(() => ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Int8, new Shape(1, 3, 4, 3), new ImageTensorOptions { Mean = [0.5f] }));
    }

    [Fact]
    public void ChannelConversions()
    {
        var colourToGray = Assert.Throws<DataFormatException>(() => ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.UInt8, new Shape(1, 1, 3, 4)));
        Assert.Contains("is a colour image", colourToGray.Message);
        Assert.Equal(s_grayHw, ImageTensorLoader.Load(Fixture("rgbgray_4x3.png"), DataType.UInt8, new Shape(1, 1, 3, 4)).ToArray<byte>());
        var grayToRgb = ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.UInt8, new Shape(1, 3, 4, 3)).ToArray<byte>();
        Assert.Equal([12, 12, 12], grayToRgb[(6 * 3)..(7 * 3)].Select(b => (int)b));
        var rgba = ImageTensorLoader.Load(Fixture("rgba_4x3.png"), DataType.UInt8, new Shape(1, 3, 4, 3)).ToArray<byte>();
        Assert.Equal(ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.UInt8, new Shape(1, 3, 4, 3)).ToArray<byte>(), rgba);
    }

    [Fact]
    public void LayoutIsInferredAndSizesMustMatch()
    {
        var unknown = new Shape(Shape.Unknown, Shape.Unknown, Shape.Unknown, Shape.Unknown);
        Assert.Equal(new Shape(1, 3, 4, 3), ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.UInt8, unknown, new ImageTensorOptions { PreferredLayout = ImageLayout.Nhwc }).Shape);
        Assert.Equal(new Shape(1, 3, 3, 4), ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.UInt8, unknown).Shape);
        var e = Assert.Throws<DataFormatException>(() => ImageTensorLoader.Load(Fixture("rgb_4x3.png"), DataType.Float32, new Shape(1, 3, 224, 224)));
        Assert.StartsWith(Fixture("rgb_4x3.png"), e.Message);
        Assert.Contains("the image is 4×3 with 3 channels", e.Message);
        Assert.Contains("not resized", e.Message);
        Assert.Throws<DataFormatException>(() => ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.UInt8, new Shape(2, 1, 3, 4)));
        Assert.Throws<InvalidInputException>(() => ImageTensorLoader.Load(Fixture("gray_4x3.png"), DataType.Int32, new Shape(1, 1, 3, 4)));
        Assert.Contains("cannot decode", Assert.Throws<DataFormatException>(() => ImageTensorLoader.Load(Fixture("f4_2x3.npy"), DataType.UInt8, new Shape(1, 1, 3, 4))).Message);
    }

    /// <summary>An 8-bit palettized BMP built by hand: width 3 (rows padded to 4 bytes), height 2,
    /// a 4-colour palette whose index is not a gray level.</summary>
    private static byte[] Bmp(bool bottomUp, byte[] topRow, byte[] bottomRow, int colors = 4)
    {
        const int width = 3, stride = 4, height = 2;
        int paletteBytes = colors * 4;
        int offset = 14 + 40 + paletteBytes;
        var b = new byte[offset + (stride * height)];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), bottomUp ? height : -height);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 8);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(46), colors);
        // Palette entries are B, G, R, 0: entry i = (R, G, B) = (200 + i, 50 * i, 7).
        for (int i = 0; i < colors; i++)
        {
            b[54 + (4 * i)] = 7;
            b[54 + (4 * i) + 1] = (byte)(50 * i);
            b[54 + (4 * i) + 2] = (byte)(200 + i);
        }
        var first = bottomUp ? bottomRow : topRow;
        var second = bottomUp ? topRow : bottomRow;
        first.CopyTo(b, offset);
        second.CopyTo(b, offset + stride);
        b[offset + 3] = 0xEE; // padding, must be skipped
        return b;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PalettizedBmpGivesIndicesTopRowFirstOrPaletteColours(bool bottomUp)
    {
        var bytes = Bmp(bottomUp, topRow: [0, 1, 2], bottomRow: [3, 2, 1]);
        var indices = ImageTensorLoader.Load(bytes, "p.bmp", DataType.UInt8, new Shape(1, 2, 3, 1));
        Assert.Equal([0, 1, 2, 3, 2, 1], indices.ToArray<byte>().Select(v => (int)v));
        var rgb = ImageTensorLoader.Load(bytes, "p.bmp", DataType.UInt8, new Shape(1, 2, 3, 3)).ToArray<byte>();
        Assert.Equal([200, 0, 7, 201, 50, 7], rgb[..6].Select(v => (int)v));
        Assert.Equal([203, 150, 7], rgb[9..12].Select(v => (int)v));
    }

    [Fact]
    public void PalettizedBmpSizesAreValidated()
    {
        var truncated = Bmp(true, [0, 1, 2], [3, 2, 1])[..^2];
        Assert.Contains("truncated BMP", Assert.Throws<DataFormatException>(() => PalettizedBmp.Decode(truncated, "t.bmp")).Message);
        var badIndex = Bmp(true, [0, 1, 9], [3, 2, 1]);
        Assert.Contains("palette index 9", Assert.Throws<DataFormatException>(() => PalettizedBmp.Decode(badIndex, "t.bmp")).Message);
        var badPalette = Bmp(true, [0, 1, 2], [3, 2, 1]);
        BinaryPrimitives.WriteInt32LittleEndian(badPalette.AsSpan(46), 200);
        Assert.Contains("palette of 200 entries", Assert.Throws<DataFormatException>(() => PalettizedBmp.Decode(badPalette, "t.bmp")).Message);
    }

    [SkippableFact]
    public void PersonBmpGivesItsStoredBytesTopRowFirst()
    {
        string path = TestData.Require(TestData.SharedPath("models", "tflite", "person.bmp"), "../shared");
        var file = File.ReadAllBytes(path);
        // Parse the header by hand: 96×96, 8 bits, bottom-up, rows of 96 bytes (no padding).
        int offset = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(10));
        Assert.Equal(96, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(18)));
        Assert.Equal(96, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(22)));
        Assert.Equal(8, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(28)));
        var expected = new byte[96 * 96];
        for (int row = 0; row < 96; row++) file.AsSpan(offset + ((95 - row) * 96), 96).CopyTo(expected.AsSpan(row * 96));

        var t = ImageTensorLoader.Load(path, DataType.Int8, new Shape(1, 96, 96, 1));
        Assert.Equal(expected, t.Bytes.ToArray());
        // The top row's first bytes, as Python's struct module reads them.
        Assert.Equal([11, 16, 18, 29, 45, 55, 68, 78, 80, 79, 93, 104, 97, 127, 100, 93], t.Bytes[..16].ToArray().Select(b => (int)b));
        Assert.Equal((sbyte)127, t.AsSpan<sbyte>()[13]);
    }

    [SkippableFact]
    public void SamplePngsWithTheDatasetsMeanAndStdEqualTheDatasetPreprocessing()
    {
        var data = Quanta.Data.Datasets.FashionMnist.Load(Quanta.Data.Datasets.FashionMnistSplit.Test, TestData.Require(TestData.FashionMnist, "dataset-fashion-mnist"));
        var options = new ImageTensorOptions { Mean = [Quanta.Data.Datasets.FashionMnistPreprocessing.Mean], Std = [Quanta.Data.Datasets.FashionMnistPreprocessing.Std] };
        foreach (var (index, file) in new[] { (0, "fmnist-t10k-0-ankle-boot.png"), (1, "fmnist-t10k-1-pullover.png") })
        {
            var fromPng = ImageTensorLoader.Load(TestData.RepoPath("models", "samples", file), DataType.Float32, new Shape(Shape.Unknown, 1, 28, 28), options);
            var fromIdx = Quanta.Data.Datasets.FashionMnistPreprocessing.ToTensor(data, index, 1);
            Assert.Equal(fromIdx.Shape, fromPng.Shape);
            Assert.Equal(fromIdx.ToArray<float>(), fromPng.ToArray<float>());
        }
    }
}
