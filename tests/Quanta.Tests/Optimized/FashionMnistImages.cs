using System.IO.Compression;
using Quanta.Core;
using Quanta.Tests.Support;

namespace Quanta.Tests.Optimized;

/// <summary>The first test images of Debian's Fashion-MNIST, normalized as the reference models expect.</summary>
internal static class FashionMnistImages
{
    private const float Mean = 0.2860f, Std = 0.3530f;

    /// <summary>Test images [count, 1, 28, 28], <c>(pixel / 255 − mean) / std</c> (shared/models/onnx/README.md).</summary>
    public static Tensor First(int count)
    {
        string path = TestData.Require(Path.Combine(TestData.FashionMnist, "t10k-images-idx3-ubyte.gz"), "apt package dataset-fashion-mnist");
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var header = new byte[16];
        gz.ReadExactly(header);
        var pixels = new byte[count * 28 * 28];
        gz.ReadExactly(pixels);
        var values = Array.ConvertAll(pixels, p => (p / 255f - Mean) / Std);
        return Tensor.FromArray<float>(new Shape(count, 1, 28, 28), values);
    }
}
