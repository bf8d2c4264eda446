using System.Runtime.InteropServices;
using Quanta.Core;
using StbImageSharp;

namespace Quanta.Data.Images;

/// <summary>How <see cref="ImageTensorLoader"/> turns pixels into a float input.</summary>
public sealed class ImageTensorOptions
{
    /// <summary>Per-channel means subtracted after scaling pixels to 0–1 (one value for all
    /// channels, or one per channel in R, G, B order); null for none.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviations divided by after the mean (one or one per channel); null for none.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>The layout to use when the input's shape fits both (e.g. all dimensions unknown).</summary>
    public ImageLayout? PreferredLayout { get; init; }
}

/// <summary>
/// Decodes an image file (.bmp, .png, .jpg — anything stb_image reads) into a model input tensor
/// of the input's type and layout. Images are never resized: a size mismatch is an error.
/// </summary>
/// <remarks>
/// <para>Values: an int8 or uint8 input receives the pixel bytes unchanged (for int8 each byte is
/// reinterpreted as a signed byte, as TFLite Micro's person-detection test feeds its image); a
/// float input receives <c>pixel / 255</c>, then <c>(x − mean[c]) / std[c]</c> when given.</para>
/// <para>Channels: a 1-channel input from an 8-bit palettized BMP receives the stored palette
/// indices (what TFLite Micro feeds; for a gray palette like the person-detection images' the
/// index is the gray level). A 1-channel input from a colour image is an error unless every pixel
/// is gray (R = G = B) — Quanta does not pick a gray formula for you. A 3-channel input from a
/// gray image receives the gray value in all three channels. Alpha is dropped.</para>
/// </remarks>
public static class ImageTensorLoader
{
    /// <summary>The file extensions read as images.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".bmp", ".png", ".jpg", ".jpeg"];

    /// <summary>Loads an image into a tensor for an input of <paramref name="type"/> and
    /// <paramref name="inputShape"/> (unknown dimensions allowed; the batch becomes 1).</summary>
    /// <exception cref="DataFormatException">Missing or undecodable file, or an image that does not
    /// fit the input (size, channels).</exception>
    /// <exception cref="InvalidInputException">The input's type cannot take an image, or mean/std
    /// are given for a non-float input or with the wrong number of values.</exception>
    public static Tensor Load(string path, DataType type, Shape inputShape, ImageTensorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var bytes = DataFiles.ReadAllBytes(path);
        return Load(bytes, path, type, inputShape, options);
    }

    /// <summary>As <see cref="Load(string, DataType, Shape, ImageTensorOptions?)"/>, from the file's bytes.</summary>
    public static Tensor Load(byte[] bytes, string sourceName, DataType type, Shape inputShape, ImageTensorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(inputShape);
        options ??= new ImageTensorOptions();
        if (type is not (DataType.Float32 or DataType.Float16 or DataType.UInt8 or DataType.Int8))
            throw new InvalidInputException($"{sourceName}: an image can fill a float32, float16, uint8 or int8 input, not {type}");
        if (!type.IsFloat() && (options.Mean is not null || options.Std is not null))
            throw new InvalidInputException($"{sourceName}: mean/std apply to float inputs; this {type} input takes the pixel bytes as they are");

        var image = Decode(bytes, sourceName);
        var geometry = ImageGeometry.Fit(inputShape, image.Width, image.Height, image.NativeChannels, options.PreferredLayout, sourceName);
        byte[] pixels = image.PixelsWithChannels(geometry.Channels, sourceName);
        var tensor = Tensor.Zeros(type, geometry.Shape);
        Fill(tensor, pixels, geometry, options, sourceName);
        return tensor;
    }

    private static void Fill(Tensor tensor, byte[] hwc, ImageGeometry geometry, ImageTensorOptions options, string source)
    {
        int channels = geometry.Channels;
        int plane = hwc.Length / channels;
        var mean = PerChannel(options.Mean, channels, 0f, "mean", source);
        var std = PerChannel(options.Std, channels, 1f, "std", source);
        for (int c = 0; c < channels; c++)
        {
            if (!(std[c] != 0) || !float.IsFinite(std[c]))
                throw new InvalidInputException($"{source}: std[{c}] = {std[c]} must be finite and non-zero");
        }
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                byte pixel = hwc[(p * channels) + c];
                int at = geometry.Layout == ImageLayout.Nchw ? (c * plane) + p : (p * channels) + c;
                switch (tensor.Type)
                {
                    case DataType.UInt8:
                    case DataType.Int8:
                        tensor.Bytes[at] = pixel;
                        break;
                    case DataType.Float32:
                        MemoryMarshal.Cast<byte, float>(tensor.Bytes)[at] = ((pixel / 255f) - mean[c]) / std[c];
                        break;
                    default:
                        MemoryMarshal.Cast<byte, Half>(tensor.Bytes)[at] = (Half)(((pixel / 255f) - mean[c]) / std[c]);
                        break;
                }
            }
        }
    }

    private static float[] PerChannel(IReadOnlyList<float>? values, int channels, float identity, string what, string source)
    {
        if (values is null) return Enumerable.Repeat(identity, channels).ToArray();
        if (values.Count == 1) return Enumerable.Repeat(values[0], channels).ToArray();
        if (values.Count == channels) return values.ToArray();
        throw new InvalidInputException($"{source}: {values.Count} {what} values for an input with {channels} channel{(channels == 1 ? "" : "s")}; give 1 or {channels}");
    }

    private static DecodedImage Decode(byte[] bytes, string source)
    {
        if (PalettizedBmp.IsPalettized8(bytes)) return new DecodedImage(PalettizedBmp.Decode(bytes, source));
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(bytes, ColorComponents.Default);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataFormatException(source, $"cannot decode the image: {e.Message}", e);
        }
        if (result?.Data is null || result.Width <= 0 || result.Height <= 0)
            throw new DataFormatException(source, "cannot decode the image");
        int comps = (int)result.Comp;
        if (result.Data.Length != (long)result.Width * result.Height * comps)
            throw new DataFormatException(source, "the decoder returned an image of inconsistent size");
        // Keep 1 channel for gray (and gray+alpha) images, 3 for colour ones; drop alpha.
        int keep = comps <= 2 ? 1 : 3;
        byte[] pixels = comps == keep ? result.Data : DropChannels(result.Data, comps, keep);
        return new DecodedImage(result.Width, result.Height, keep, pixels);
    }

    private static byte[] DropChannels(byte[] data, int from, int to)
    {
        int n = data.Length / from;
        var result = new byte[n * to];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < to; c++) result[(i * to) + c] = data[(i * from) + c];
        }
        return result;
    }

    /// <summary>An image decoded to 1 or 3 interleaved channels, or a palettized BMP kept as indices.</summary>
    private sealed class DecodedImage
    {
        private readonly PalettizedBmp? _bmp;
        private readonly byte[] _pixels;

        public DecodedImage(int width, int height, int channels, byte[] pixels)
        {
            Width = width;
            Height = height;
            NativeChannels = channels;
            _pixels = pixels;
        }

        public DecodedImage(PalettizedBmp bmp)
        {
            _bmp = bmp;
            Width = bmp.Width;
            Height = bmp.Height;
            NativeChannels = bmp.HasGrayPalette ? 1 : 3;
            _pixels = bmp.Indices;
        }

        public int Width { get; }

        public int Height { get; }

        public int NativeChannels { get; }

        public byte[] PixelsWithChannels(int channels, string source)
        {
            if (_bmp is not null) return channels == 1 ? _bmp.Indices : _bmp.ToRgb();
            if (channels == NativeChannels) return _pixels;
            if (channels == 3)
            {
                var rgb = new byte[_pixels.Length * 3];
                for (int i = 0; i < _pixels.Length; i++) rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = _pixels[i];
                return rgb;
            }
            var gray = new byte[_pixels.Length / 3];
            for (int i = 0; i < gray.Length; i++)
            {
                byte r = _pixels[3 * i], g = _pixels[(3 * i) + 1], b = _pixels[(3 * i) + 2];
                if (r != g || r != b)
                    throw new DataFormatException(source, $"is a colour image (pixel ({i % Width}, {i / Width}) is R={r} G={g} B={b}) but the input takes 1 channel; convert the image to grayscale first");
                gray[i] = r;
            }
            return gray;
        }
    }
}
