using Quanta.Core;

namespace Quanta.Data.Images;

/// <summary>How an image's channels are laid out in a model input.</summary>
public enum ImageLayout
{
    /// <summary>Channels first: <c>[N,C,H,W]</c> (or <c>[C,H,W]</c>), as ONNX vision models take.</summary>
    Nchw,
    /// <summary>Channels last: <c>[N,H,W,C]</c> (or <c>[H,W,C]</c>), as TFLite models take.</summary>
    Nhwc,
}

/// <summary>Where an image goes in an input tensor: its layout, channels, and the concrete shape.</summary>
/// <param name="Layout">Channels first or last.</param>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
/// <param name="Shape">The input's shape with every dimension known (batch 1).</param>
internal readonly record struct ImageGeometry(ImageLayout Layout, int Channels, Shape Shape)
{
    /// <summary>
    /// Fits a <paramref name="width"/>×<paramref name="height"/> image to an input shape of rank 2
    /// (<c>[H,W]</c>, gray), 3 (<c>[C,H,W]</c> or <c>[H,W,C]</c>) or 4 (with a batch of 1 or unknown
    /// first). The layout is the one whose channel dimension is 1 or 3 and whose height and width
    /// match the image; when both fit (e.g. all dimensions unknown), <paramref name="preferred"/>
    /// decides, NCHW by default. An unknown channel count takes the image's own.
    /// </summary>
    /// <exception cref="DataFormatException">No layout fits: the sizes differ (images are never resized).</exception>
    public static ImageGeometry Fit(Shape shape, int width, int height, int imageChannels, ImageLayout? preferred, string source)
    {
        int rank = shape.Rank;
        string image = $"the image is {width}×{height} with {imageChannels} channel{(imageChannels == 1 ? "" : "s")}";
        if (rank is < 2 or > 4)
            throw new DataFormatException(source, $"{image}, but the input has shape {shape}, which is not an image shape (rank 2, 3 or 4)");
        if (rank == 4 && shape[0] is not (1 or Shape.Unknown))
            throw new DataFormatException(source, $"one image fills a batch of 1, but the input has shape {shape}; use a .npy file for larger batches");
        if (rank == 2)
        {
            if (!Matches(shape[0], height) || !Matches(shape[1], width))
                throw SizeMismatch(source, image, shape);
            return new ImageGeometry(ImageLayout.Nhwc, 1, new Shape(height, width));
        }

        int b = rank == 4 ? 1 : 0;
        var nchw = Candidate(ImageLayout.Nchw, shape[b], shape[b + 1], shape[b + 2]);
        var nhwc = Candidate(ImageLayout.Nhwc, shape[b + 2], shape[b], shape[b + 1]);
        ImageGeometry? choice = (nchw, nhwc) switch
        {
            ({ } a, null) => a,
            (null, { } c) => c,
            ({ } a, { } c) => preferred == ImageLayout.Nhwc ? c : a,
            _ => null,
        };
        return choice ?? throw SizeMismatch(source, image, shape);

        ImageGeometry? Candidate(ImageLayout layout, int c, int h, int w)
        {
            if (c is not (1 or 3 or Shape.Unknown) || !Matches(h, height) || !Matches(w, width)) return null;
            int channels = c == Shape.Unknown ? imageChannels : c;
            int[] dims = layout == ImageLayout.Nchw ? [channels, height, width] : [height, width, channels];
            return new ImageGeometry(layout, channels, new Shape(rank == 4 ? [1, .. dims] : dims));
        }
    }

    private static bool Matches(int dim, int size) => dim == Shape.Unknown || dim == size;

    private static DataFormatException SizeMismatch(string source, string image, Shape shape) =>
        new(source, $"{image}, but the input has shape {shape}; no layout (NCHW or NHWC, 1 or 3 channels) fits. Images are not resized: resize or crop it first");
}
