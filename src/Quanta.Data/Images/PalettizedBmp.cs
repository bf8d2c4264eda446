using System.Buffers.Binary;

namespace Quanta.Data.Images;

/// <summary>
/// An 8-bit palettized, uncompressed BMP, kept as its palette indices. General image decoders
/// (stb_image included) expand the palette into colours; TFLite Micro's person-detection example
/// feeds the stored index bytes to its model instead, so Quanta reads this case itself.
/// </summary>
/// <remarks>
/// Layout (Microsoft's BITMAPFILEHEADER + BITMAPINFOHEADER, or the V4/V5 headers that extend it):
/// "BM", the file size and the offset of the pixel data; then the info header with width,
/// height (positive = rows stored bottom-up, negative = top-down), planes = 1, 8 bits per pixel,
/// compression 0 (BI_RGB) and the number of palette entries (0 = 256); the palette follows the
/// info header as B, G, R, reserved bytes; each pixel row is padded to a multiple of 4 bytes.
/// </remarks>
public sealed class PalettizedBmp
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;

    private PalettizedBmp(int width, int height, byte[] indices, byte[] paletteRgb)
    {
        Width = width;
        Height = height;
        Indices = indices;
        PaletteRgb = paletteRgb;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The palette index of every pixel, row-major, top row first, no padding.</summary>
    public byte[] Indices { get; }

    /// <summary>The palette as R, G, B bytes per entry.</summary>
    public byte[] PaletteRgb { get; }

    /// <summary>True when every palette entry is a gray (R = G = B).</summary>
    public bool HasGrayPalette
    {
        get
        {
            for (int i = 0; i < PaletteRgb.Length; i += 3)
            {
                if (PaletteRgb[i] != PaletteRgb[i + 1] || PaletteRgb[i] != PaletteRgb[i + 2]) return false;
            }
            return true;
        }
    }

    /// <summary>True when <paramref name="bytes"/> is a BMP this class reads: "BM", an info header of
    /// at least 40 bytes, 8 bits per pixel, no compression.</summary>
    public static bool IsPalettized8(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= FileHeaderSize + InfoHeaderSize && bytes[0] == 'B' && bytes[1] == 'M'
        && BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]) >= InfoHeaderSize
        && BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) == 8
        && BinaryPrimitives.ReadUInt32LittleEndian(bytes[30..]) == 0;

    /// <summary>Decodes an 8-bit palettized BMP.</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <exception cref="DataFormatException">Not such a BMP, or sizes that do not fit the file.</exception>
    public static PalettizedBmp Decode(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!IsPalettized8(bytes))
            throw new DataFormatException(sourceName, "not an uncompressed 8-bit palettized BMP");
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        uint infoSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        int rawHeight = BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]);
        ushort planes = BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]);
        uint colorsUsed = BinaryPrimitives.ReadUInt32LittleEndian(bytes[46..]);
        if (planes != 1) throw new DataFormatException(sourceName, $"BMP has {planes} planes; 1 is required");
        if (width <= 0 || rawHeight == 0 || rawHeight == int.MinValue)
            throw new DataFormatException(sourceName, $"BMP size {width}×{rawHeight} is invalid");
        bool bottomUp = rawHeight > 0;
        int height = Math.Abs(rawHeight);
        int paletteCount = colorsUsed == 0 ? 256 : (int)Math.Min(colorsUsed, 257u);
        if (paletteCount > 256)
            throw new DataFormatException(sourceName, $"BMP declares {colorsUsed} palette entries; 8 bits address at most 256");

        long paletteStart = FileHeaderSize + (long)infoSize;
        long paletteEnd = paletteStart + (4L * paletteCount);
        if (paletteEnd > bytes.Length || paletteEnd > pixelOffset)
            throw new DataFormatException(sourceName, $"BMP palette of {paletteCount} entries (bytes {paletteStart}–{paletteEnd}) does not fit before the pixel data at {pixelOffset} in a {bytes.Length}-byte file");
        long stride = (width + 3L) / 4 * 4;
        long pixelEnd = pixelOffset + (stride * height);
        if (pixelEnd > bytes.Length)
            throw new DataFormatException(sourceName, $"truncated BMP: {width}×{height} pixels with {stride}-byte rows need {pixelEnd} bytes, the file has {bytes.Length}");

        var palette = new byte[paletteCount * 3];
        for (int i = 0; i < paletteCount; i++)
        {
            int at = (int)paletteStart + (4 * i);
            palette[(3 * i) + 0] = bytes[at + 2];
            palette[(3 * i) + 1] = bytes[at + 1];
            palette[(3 * i) + 2] = bytes[at];
        }

        var indices = new byte[(long)width * height];
        for (int row = 0; row < height; row++)
        {
            int storedRow = bottomUp ? height - 1 - row : row;
            var source = bytes.Slice((int)(pixelOffset + (storedRow * stride)), width);
            source.CopyTo(indices.AsSpan(row * width, width));
        }
        int max = paletteCount - 1;
        if (max < 255)
        {
            int bad = indices.AsSpan().IndexOfAnyInRange((byte)(max + 1), (byte)255);
            if (bad >= 0)
                throw new DataFormatException(sourceName, $"BMP pixel ({bad % width}, {bad / width}) uses palette index {indices[bad]}, but the palette has {paletteCount} entries");
        }
        return new PalettizedBmp(width, height, indices, palette);
    }

    /// <summary>The image with the palette applied: R, G, B per pixel, top row first.</summary>
    public byte[] ToRgb()
    {
        var rgb = new byte[Indices.Length * 3];
        for (int i = 0; i < Indices.Length; i++)
        {
            int p = Indices[i] * 3;
            rgb[(3 * i) + 0] = PaletteRgb[p];
            rgb[(3 * i) + 1] = PaletteRgb[p + 1];
            rgb[(3 * i) + 2] = PaletteRgb[p + 2];
        }
        return rgb;
    }
}
