using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>ONNX Resize and TFLite RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR.</summary>
public class ResizeTests
{
    private static readonly Tensor s_x2 = F([1, 1, 2, 2], 1, 2, 3, 4);
    private static readonly Tensor s_x4 = Tensor.FromArray(new Shape(1, 1, 4, 4), Enumerable.Range(1, 16).Select(i => (float)i).ToArray());

    private static NodeCase Resize(Tensor x, string mode, Tensor? scales = null, Tensor? sizes = null, Tensor? roi = null)
    {
        var node = new NodeCase("Resize").Input(x);
        node = roi is null ? node.Absent() : node.Input(roi);
        node = scales is null ? node.Absent() : node.Constant(scales);
        if (sizes is not null) node = node.Constant(sizes);
        return node.String("mode", mode);
    }

    private static Tensor Sizes(params long[] sizes) => Tensor.Vector(sizes);

    [Fact]
    public void NearestUpsampleWithHalfPixelRoundPreferFloor()
    {
        var y = Resize(s_x2, "nearest", Tensor.Vector(1f, 1f, 2f, 3f)).Run()[0];
        Assert.Equal(new Shape(1, 1, 4, 6), y.Shape);
        Assert.Equal([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], y.ToArray<float>());
    }

    [Theory]
    // x = (o + 0.5) / 2 − 0.5 = o/2 − 0.25 with ceil → 0, 1, 1, 2, 2, 3, 3, 3 (clamped)
    [InlineData("half_pixel", "ceil", new[] { 0, 1, 1, 2, 2, 3, 3, 3 })]
    // x = o · 3 / 7 with floor → 0, 0, 0, 1, 1, 2, 2, 3
    [InlineData("align_corners", "floor", new[] { 0, 0, 0, 1, 1, 2, 2, 3 })]
    // x = o / 2 with halves up → 0, 1, 1, 2, 2, 3, 3, 3
    [InlineData("asymmetric", "round_prefer_ceil", new[] { 0, 1, 1, 2, 2, 3, 3, 3 })]
    // x = o / 2 with halves down → 0, 0, 1, 1, 2, 2, 3, 3
    [InlineData("asymmetric", "round_prefer_floor", new[] { 0, 0, 1, 1, 2, 2, 3, 3 })]
    // x = (o + 0.5) / 2 → round halves down: 0, 1, 1, 2, 2, 3, 3, 4 → clamped
    [InlineData("tf_half_pixel_for_nn", "round_prefer_floor", new[] { 0, 1, 1, 2, 2, 3, 3, 3 })]
    public void NearestModesAndCoordinateTransforms(string transform, string nearest, int[] rows)
    {
        var y = Resize(s_x4, "nearest", sizes: Sizes(1, 1, 8, 8)).String("coordinate_transformation_mode", transform).String("nearest_mode", nearest).RunFloats();
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++) Assert.Equal(1 + 4 * rows[i] + rows[j], y[i * 8 + j]);
        }
    }

    [Fact]
    public void LinearUpsampleHalfPixelAndAlignCorners()
    {
        var half = Resize(s_x2, "linear", Tensor.Vector(1f, 1f, 2f, 2f)).RunFloats();
        Close([1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4], half);
        var corners = Resize(s_x2, "linear", Tensor.Vector(1f, 1f, 2f, 2f)).String("coordinate_transformation_mode", "align_corners").RunFloats();
        float t = 1f / 3, u = 2f / 3;
        Close([1, 1 + t, 1 + u, 2, 1 + u, 2, 2 + t, 2 + u, 2 + t, 2 + u, 3, 3 + t, 3, 3 + t, 3 + u, 4], corners);
    }

    [Fact]
    public void LinearDownsampleAndPytorchHalfPixel()
    {
        // scales 0.6 on 2×4 (1…8) → 1×2; x_h = 0.5 / 0.6 − 0.5 = 1/3, x_w = 1/3 and 2
        var down = Resize(F([1, 1, 2, 4], 1, 2, 3, 4, 5, 6, 7, 8), "linear", Tensor.Vector(1f, 1f, 0.6f, 0.6f)).Run()[0];
        Assert.Equal(new Shape(1, 1, 1, 2), down.Shape);
        Close([8f / 3, 13f / 3], down.ToArray<float>());
        // sizes (3, 1) on 4×4 (1…16): rows at 1/6·… : x_h = (o + 0.5)·4/3 − 0.5, x_w = −0.5 … output 1 wide → x_w = 0
        var torch = Resize(s_x4, "linear", sizes: Sizes(1, 1, 3, 1)).String("coordinate_transformation_mode", "pytorch_half_pixel").RunFloats();
        Close([1 + 4 * (1f / 6), 7, 1 + 4 * (17f / 6)], torch);
    }

    [Fact]
    public void TfCropAndResizeWithExtrapolation()
    {
        var roi = Tensor.Vector(0f, 0f, 0.4f, 0.6f, 1f, 1f, 0.6f, 0.8f);
        var y = Resize(s_x4, "linear", sizes: Sizes(1, 1, 3, 3), roi: roi).String("coordinate_transformation_mode", "tf_crop_and_resize").RunFloats();
        Close([7.6f, 7.9f, 8.2f, 8.8f, 9.1f, 9.4f, 10, 10.3f, 10.6f], y);
        // a roi reaching outside the input gives the extrapolation value there
        var outside = Tensor.Vector(0f, 0f, 0.4f, 0.6f, 1f, 1f, 1.2f, 1.7f);
        var e = Resize(s_x4, "linear", sizes: Sizes(1, 1, 3, 3), roi: outside).String("coordinate_transformation_mode", "tf_crop_and_resize")
            .Float("extrapolation_value", 10f).RunFloats();
        Close([7.6f, 10, 10, 12.4f, 10, 10, 10, 10, 10], e);
    }

    [Fact]
    public void CubicAndScalesWithSizesAreRejected()
    {
        var cubic = Assert.Throws<UnsupportedException>(() => Resize(s_x2, "cubic", Tensor.Vector(1f, 1f, 2f, 2f)).Run());
        Assert.Contains("cubic", cubic.Message);
        Assert.Contains("'node'", cubic.Message);
        Assert.Throws<GraphValidationException>(() => Resize(s_x2, "nearest", Tensor.Vector(1f, 1f, 2f, 2f), Sizes(1, 1, 4, 4)).Run());
    }

    [Fact]
    public void TfliteBilinear()
    {
        var x = F([1, 2, 2, 1], 1, 2, 3, 4);
        NodeCase Bilinear() => new NodeCase("RESIZE_BILINEAR", OpDomains.Tflite).Input(x).Constant(Tensor.Vector(3, 3));
        // no flags: scale 2/3, coordinates 0, 2/3, 4/3 (the last clamps to row 1)
        float u = 2f / 3;
        Close([1, 1 + u, 2, 1 + 2 * u, 1 + 3 * u, 2 + 2 * u, 3, 3 + u, 4], Bilinear().RunFloats());
        // align_corners: coordinates 0, 0.5, 1; half_pixel_centers: −1/6 → 0, 0.5, 7/6 → 1
        float[] centers = [1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4];
        Close(centers, Bilinear().Int("align_corners", 1).RunFloats());
        Close(centers, Bilinear().Int("half_pixel_centers", 1).RunFloats());
    }

    [Fact]
    public void TfliteNearestNeighbor()
    {
        var x = F([1, 2, 2, 1], 1, 2, 3, 4);
        NodeCase Nearest() => new NodeCase("RESIZE_NEAREST_NEIGHBOR", OpDomains.Tflite).Input(x).Constant(Tensor.Vector(3, 3));
        // floor(o · 2/3) = 0, 0, 1
        Assert.Equal([1, 1, 2, 1, 1, 2, 3, 3, 4], Nearest().RunFloats());
        // align_corners: round(o · 0.5) half away from zero = 0, 1, 1
        Assert.Equal([1, 2, 2, 3, 4, 4, 3, 4, 4], Nearest().Int("align_corners", 1).RunFloats());
        // half_pixel_centers: floor((o + 0.5) · 2/3) = 0, 1, 1
        Assert.Equal([1, 2, 2, 3, 4, 4, 3, 4, 4], Nearest().Int("half_pixel_centers", 1).RunFloats());
        var y = new NodeCase("RESIZE_NEAREST_NEIGHBOR", OpDomains.Tflite).Input(x).Constant(Tensor.Vector(4, 2)).Run()[0];
        Assert.Equal(new Shape(1, 4, 2, 1), y.Shape);
    }
}
