using Quanta.Core;

namespace Quanta.Data.Datasets;

/// <summary>
/// The input transform the Fashion-MNIST reference models were trained with
/// (shared/models/onnx/README.md): <c>x = (pixel / 255 − 0.2860) / 0.3530</c>, float32, NCHW
/// <c>[N,1,28,28]</c>. Computed in float32 in the same order as torchvision's
/// <c>ToTensor()</c> then <c>Normalize(mean, std)</c>.
/// </summary>
public static class FashionMnistPreprocessing
{
    /// <summary>Mean of the training-set pixels, on the 0–1 scale.</summary>
    public const float Mean = 0.2860f;

    /// <summary>Standard deviation of the training-set pixels, on the 0–1 scale.</summary>
    public const float Std = 0.3530f;

    /// <summary>Normalizes pixels into <paramref name="destination"/> (same length).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Normalize(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (pixels.Length != destination.Length)
            throw new ArgumentException($"{pixels.Length} pixels but room for {destination.Length} values", nameof(destination));
        for (int i = 0; i < pixels.Length; i++) destination[i] = ((pixels[i] / 255f) - Mean) / Std;
    }

    /// <summary>Images <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1
    /// as a new float32 tensor <c>[count,1,28,28]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the dataset.</exception>
    public static Tensor ToTensor(FashionMnist dataset, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (start + count > dataset.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"images {start}..{start + count - 1} are outside the {dataset.Count} of the dataset");
        var tensor = Tensor.Zeros(DataType.Float32, new Shape(count, 1, FashionMnist.ImageSize, FashionMnist.ImageSize));
        Normalize(dataset.Images.Slice(start * FashionMnist.PixelsPerImage, count * FashionMnist.PixelsPerImage), tensor.AsSpan<float>());
        return tensor;
    }
}
