using Quanta.Core;
using Quanta.Data.Idx;

namespace Quanta.Data.Datasets;

/// <summary>Which half of Fashion-MNIST to read.</summary>
public enum FashionMnistSplit
{
    /// <summary>The 60,000 training images (<c>train-*</c>).</summary>
    Train,
    /// <summary>The 10,000 test images (<c>t10k-*</c>).</summary>
    Test,
}

/// <summary>
/// Fashion-MNIST (Zalando): 28×28 grayscale images of clothing in 10 classes, as IDX files. Images
/// are kept as bytes (0 = background); <see cref="FashionMnistPreprocessing"/> turns them into model
/// inputs.
/// </summary>
public sealed class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Images are <see cref="ImageSize"/> × <see cref="ImageSize"/> pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Bytes per image.</summary>
    public const int PixelsPerImage = ImageSize * ImageSize;

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly byte[] _images;
    private readonly byte[] _labels;

    private FashionMnist(FashionMnistSplit split, byte[] images, byte[] labels)
    {
        Split = split;
        _images = images;
        _labels = labels;
    }

    /// <summary>The split these images come from.</summary>
    public FashionMnistSplit Split { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>All images, <see cref="PixelsPerImage"/> bytes each, row-major, top row first.</summary>
    public ReadOnlySpan<byte> Images => _images;

    /// <summary>All labels, 0–9, parallel to the images.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => _images.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>Loads a split from <paramref name="folder"/> (default <see cref="DefaultFolder"/>),
    /// reading <c>&lt;split&gt;-images-idx3-ubyte</c> and <c>&lt;split&gt;-labels-idx1-ubyte</c>,
    /// gzip-compressed (<c>.gz</c>, as Debian ships them) or not.</summary>
    /// <exception cref="DataFormatException">A file is missing or malformed, or the two disagree.</exception>
    public static FashionMnist Load(FashionMnistSplit split, string? folder = null)
    {
        folder ??= DefaultFolder;
        string prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        string imagesPath = Locate(folder, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Locate(folder, $"{prefix}-labels-idx1-ubyte");
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Type != DataType.UInt8 || images.Shape.Rank != 3 || images.Shape[1] != ImageSize || images.Shape[2] != ImageSize)
            throw new DataFormatException(imagesPath, $"expected uint8 images [N,{ImageSize},{ImageSize}], found {images}");
        if (labels.Type != DataType.UInt8 || labels.Shape.Rank != 1)
            throw new DataFormatException(labelsPath, $"expected uint8 labels [N], found {labels}");
        if (labels.Shape[0] != images.Shape[0])
            throw new DataFormatException(labelsPath, $"{labels.Shape[0]} labels for {images.Shape[0]} images in {imagesPath}");
        var labelBytes = labels.Bytes.ToArray();
        int bad = Array.FindIndex(labelBytes, l => l >= ClassNames.Count);
        if (bad >= 0)
            throw new DataFormatException(labelsPath, $"label {bad} is {labelBytes[bad]}, outside 0–{ClassNames.Count - 1}");
        return new FashionMnist(split, images.Bytes.ToArray(), labelBytes);
    }

    private static string Locate(string folder, string baseName)
    {
        string gz = Path.Combine(folder, baseName + ".gz");
        if (File.Exists(gz)) return gz;
        string plain = Path.Combine(folder, baseName);
        if (File.Exists(plain)) return plain;
        throw new DataFormatException(gz, $"Fashion-MNIST file not found (neither {baseName}.gz nor {baseName} is in {folder}); on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist");
    }
}
