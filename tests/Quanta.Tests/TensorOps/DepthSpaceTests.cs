using Quanta.Core;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class DepthSpaceTests
{
    [Theory]
    [InlineData("DCR")]
    [InlineData("CRD")]
    public void DepthToSpaceMatchesTheOnnxFormula(string mode)
    {
        int n = 2, c = 8, h = 2, w = 3, b = 2, cOut = c / (b * b);
        var x = Nd.Iota(n, c, h, w);
        var y = OpTester.Onnx("DepthToSpace").Input(x).Attr("blocksize", (long)b).Attr("mode", mode).Run0();
        Assert.Equal(new Shape(n, cOut, h * b, w * b), y.Shape);
        var xv = x.ToArray<float>();
        var yv = y.ToArray<float>();
        foreach (var o in Nd.Coordinates(n, cOut, h * b, w * b))
        {
            int i = o[2] % b, j = o[3] % b;
            int channel = mode == "DCR" ? (i * b + j) * cOut + o[1] : o[1] * b * b + i * b + j;
            Assert.Equal(xv[Nd.Offset([n, c, h, w], [o[0], channel, o[2] / b, o[3] / b])], yv[Nd.Offset([n, cOut, h * b, w * b], o)]);
        }
    }

    [Fact]
    public void SpaceToDepthInvertsDcrDepthToSpace()
    {
        var x = Nd.As(Nd.Iota(1, 2, 4, 6), DataType.Int8);
        var d = OpTester.Onnx("SpaceToDepth").Input(x).Attr("blocksize", 2L).Run0();
        Assert.Equal(new Shape(1, 8, 2, 3), d.Shape);
        // Output channel (i·b + j)·C + c at (h, w) holds input [c, 2h + i, 2w + j].
        Assert.Equal((sbyte)Nd.Offset([1, 2, 4, 6], [0, 1, 3, 2]), d.ToArray<sbyte>()[Nd.Offset([1, 8, 2, 3], [0, (1 * 2 + 0) * 2 + 1, 1, 1])]);
        var back = OpTester.Onnx("DepthToSpace").Input(d).Attr("blocksize", 2L).Run0();
        Assert.Equal(x.ToArray<sbyte>(), back.ToArray<sbyte>());
        Assert.Throws<GraphValidationException>(() => OpTester.Onnx("SpaceToDepth").Input(Nd.Iota(1, 1, 3, 4)).Attr("blocksize", 2L).Run0());
    }

    [Fact]
    public void TfliteNhwcVersionsMatchTheirFormulaAndInvertEachOther()
    {
        int n = 1, h = 2, w = 3, depth = 8, b = 2, c = depth / (b * b);
        var x = Nd.As(Nd.Iota(n, h, w, depth), DataType.Int16);
        var y = OpTester.Tflite("DEPTH_TO_SPACE").Input(x).Attr("block_size", (long)b).Run0();
        Assert.Equal(new Shape(n, h * b, w * b, c), y.Shape);
        var xv = x.ToArray<short>();
        var yv = y.ToArray<short>();
        foreach (var o in Nd.Coordinates(n, h * b, w * b, c))
        {
            int d = ((o[1] % b) * b + o[2] % b) * c + o[3];
            Assert.Equal(xv[Nd.Offset([n, h, w, depth], [o[0], o[1] / b, o[2] / b, d])], yv[Nd.Offset([n, h * b, w * b, c], o)]);
        }
        var back = OpTester.Tflite("SPACE_TO_DEPTH").Input(y).Attr("block_size", (long)b).Run0();
        Assert.Equal(xv, back.ToArray<short>());
    }
}
