using Quanta.Core;
using Xunit;

namespace Quanta.Tests.NeuralNet;

public class ConvGeometryTests
{
    [Theory]
    // input, kernel, stride, dilation, pads, ceil → output
    [InlineData(5, 3, 1, 1, 1, 1, false, 5)]
    [InlineData(5, 3, 2, 1, 1, 1, false, 3)]
    [InlineData(5, 3, 1, 1, 0, 0, false, 3)]
    [InlineData(7, 3, 2, 1, 1, 0, false, 3)] // asymmetric: (7 + 1 − 3) / 2 + 1
    [InlineData(4, 3, 2, 1, 0, 0, false, 1)]
    [InlineData(4, 3, 2, 1, 0, 0, true, 2)] // ceil((4 − 3) / 2) + 1
    [InlineData(2, 1, 2, 1, 0, 0, true, 1)] // ceil gives 2, but the 2nd window would start past the input
    [InlineData(6, 3, 2, 1, 1, 1, true, 4)] // last window starts at 5, inside the input: kept
    [InlineData(5, 2, 2, 1, 1, 1, true, 3)] // ceil gives 4; the 4th window would start in the end padding
    [InlineData(7, 3, 1, 2, 0, 0, false, 3)] // dilated kernel spans 5
    public void OnnxExplicitPadsGiveTheFloorOrCeilFormula(int input, int kernel, int stride, int dilation, int pb, int pe, bool ceil, int expected)
    {
        var axis = ConvGeometry.Onnx(input, kernel, stride, dilation, AutoPad.NotSet, pb, pe, ceil);
        Assert.Equal(expected, axis.OutputSize);
        Assert.Equal((pb, pe), (axis.PadBegin, axis.PadEnd));
    }

    [Theory]
    // input, kernel, stride, dilation, mode → output, begin, end
    [InlineData(5, 3, 2, 1, AutoPad.SameUpper, 3, 1, 1)]
    [InlineData(4, 3, 2, 1, AutoPad.SameUpper, 2, 0, 1)] // odd total 1: extra at the end
    [InlineData(4, 3, 2, 1, AutoPad.SameLower, 2, 1, 0)] // … or at the beginning
    [InlineData(7, 3, 1, 2, AutoPad.SameUpper, 7, 2, 2)] // dilated kernel 5 needs 4 in total
    [InlineData(5, 1, 3, 1, AutoPad.SameUpper, 2, 0, 0)] // needs no padding
    [InlineData(5, 3, 2, 1, AutoPad.Valid, 2, 0, 0)]
    public void OnnxAutoPad(int input, int kernel, int stride, int dilation, AutoPad mode, int output, int begin, int end)
    {
        var axis = ConvGeometry.Onnx(input, kernel, stride, dilation, mode, 9, 9);
        Assert.Equal((output, begin, end), (axis.OutputSize, axis.PadBegin, axis.PadEnd));
    }

    [Theory]
    // TFLite SAME: out = ceil(in / s), begin = total / 2 (the odd pixel goes to the end)
    [InlineData(5, 3, 2, 1, TflitePadding.Same, 3, 1, 1)]
    [InlineData(4, 3, 2, 1, TflitePadding.Same, 2, 0, 1)]
    [InlineData(224, 3, 2, 1, TflitePadding.Same, 112, 0, 1)]
    [InlineData(7, 3, 1, 2, TflitePadding.Same, 7, 2, 2)]
    [InlineData(5, 3, 2, 1, TflitePadding.Valid, 2, 0, 0)]
    [InlineData(7, 3, 1, 2, TflitePadding.Valid, 3, 0, 0)]
    [InlineData(6, 2, 2, 1, TflitePadding.Valid, 3, 0, 0)]
    public void TflitePaddingMatchesComputePaddingHeightWidth(int input, int kernel, int stride, int dilation, TflitePadding padding, int output, int begin, int end)
    {
        var axis = ConvGeometry.Tflite(input, kernel, stride, dilation, padding);
        Assert.Equal((output, begin, end), (axis.OutputSize, axis.PadBegin, axis.PadEnd));
    }

    [Fact]
    public void OnnxTransposedSizes()
    {
        // natural size s·(in − 1) + output_padding + ek − pads
        Assert.Equal(7, ConvGeometry.OnnxTransposed(3, 3, 2, 1, 0, AutoPad.NotSet, 0, 0, null).OutputSize);
        Assert.Equal(8, ConvGeometry.OnnxTransposed(3, 3, 2, 1, 1, AutoPad.NotSet, 0, 0, null).OutputSize);
        Assert.Equal(5, ConvGeometry.OnnxTransposed(3, 3, 2, 1, 0, AutoPad.NotSet, 1, 1, null).OutputSize);
        Assert.Equal(5, ConvGeometry.OnnxTransposed(3, 2, 1, 2, 0, AutoPad.NotSet, 0, 0, null).OutputSize);
        // SAME_* targets in·s; total 1 goes to the end (UPPER) or the beginning (LOWER)
        var upper = ConvGeometry.OnnxTransposed(3, 3, 2, 1, 0, AutoPad.SameUpper, 0, 0, null);
        var lower = ConvGeometry.OnnxTransposed(3, 3, 2, 1, 0, AutoPad.SameLower, 0, 0, null);
        Assert.Equal((6, 0, 1), (upper.OutputSize, upper.PadBegin, upper.PadEnd));
        Assert.Equal((6, 1, 0), (lower.OutputSize, lower.PadBegin, lower.PadEnd));
        // output_shape larger than the natural size: no padding, the extra outputs get only the bias
        var larger = ConvGeometry.OnnxTransposed(3, 3, 3, 1, 0, AutoPad.NotSet, 5, 5, 10);
        Assert.Equal((10, 0, 0), (larger.OutputSize, larger.PadBegin, larger.PadEnd));
        // output_shape smaller: NOTSET puts the odd pixel at the beginning, as the ONNX spec says
        var smaller = ConvGeometry.OnnxTransposed(3, 3, 2, 1, 0, AutoPad.NotSet, 0, 0, 4);
        Assert.Equal((4, 2, 1), (smaller.OutputSize, smaller.PadBegin, smaller.PadEnd));
    }

    [Fact]
    public void TfliteTransposedPaddingIsTheForwardPaddingFromTheOutput()
    {
        // out 4, k 3, s 2, SAME: forward from 4 gives 2 outputs, total (2 − 1)·2 + 3 − 4 = 1 → begin 0
        var same = ConvGeometry.TfliteTransposed(2, 4, 3, 2, TflitePadding.Same);
        Assert.Equal((4, 0, 1), (same.OutputSize, same.PadBegin, same.PadEnd));
        var same5 = ConvGeometry.TfliteTransposed(3, 5, 3, 2, TflitePadding.Same);
        Assert.Equal((1, 1), (same5.PadBegin, same5.PadEnd));
        var valid = ConvGeometry.TfliteTransposed(2, 5, 3, 2, TflitePadding.Valid);
        Assert.Equal((0, 0), (valid.PadBegin, valid.PadEnd));
    }

    [Fact]
    public void InvalidWindowsAreGraphErrors()
    {
        Assert.Throws<GraphValidationException>(() => ConvGeometry.Onnx(5, 3, 0, 1, AutoPad.NotSet, 0, 0));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.Onnx(5, 0, 1, 1, AutoPad.NotSet, 0, 0));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.Onnx(2, 5, 1, 1, AutoPad.NotSet, 1, 1));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.Onnx(5, 3, 1, 1, AutoPad.NotSet, -1, 0));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.Tflite(2, 3, 1, 1, TflitePadding.Valid));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.ParseAutoPad("SAME"));
        Assert.Throws<GraphValidationException>(() => ConvGeometry.ParseTflitePadding("same"));
    }
}
