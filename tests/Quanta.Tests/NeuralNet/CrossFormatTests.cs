using Quanta.Core;
using Xunit;
using static Quanta.Tests.NeuralNet.Nn;

namespace Quanta.Tests.NeuralNet;

/// <summary>
/// TFLite's NHWC ops against their ONNX NCHW counterparts on the same random data: the two
/// formats reach the math through different layouts, weight orders and padding rules
/// (TFLite SAME vs ONNX SAME_UPPER), so agreement checks both bindings.
/// </summary>
public class CrossFormatTests
{
    private const float Tolerance = 1e-5f;

    private static NodeCase Tflite(string op) => new(op, OpDomains.Tflite);

    /// <summary>The tensor with its axes permuted: output axis i is input axis perm[i].</summary>
    private static Tensor Permute(Tensor t, params int[] perm)
    {
        var dims = t.Shape.ToArray();
        var outDims = perm.Select(p => dims[p]).ToArray();
        var inStrides = t.Shape.Strides();
        var src = t.ToArray<float>();
        var dst = new float[src.Length];
        var index = new int[dims.Length];
        for (int e = 0; e < dst.Length; e++)
        {
            long offset = 0;
            for (int i = 0; i < perm.Length; i++) offset += index[i] * inStrides[perm[i]];
            dst[e] = src[offset];
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                if (++index[a] < outDims[a]) break;
                index[a] = 0;
            }
        }
        return Tensor.FromArray(new Shape(outDims), dst);
    }

    private static Tensor ToNchw(Tensor nhwc) => Permute(nhwc, 0, 3, 1, 2);

    private static void SameAsNhwc(Tensor tfliteNhwc, Tensor onnxNchw)
    {
        var expected = Permute(onnxNchw, 0, 2, 3, 1);
        Assert.Equal(expected.Shape, tfliteNhwc.Shape);
        Close(expected.ToArray<float>(), tfliteNhwc.ToArray<float>(), Tolerance, Tolerance);
    }

    [Theory]
    // height, width, in channels, out channels, kernel, stride, dilation, padding, groups
    [InlineData(7, 6, 3, 4, 3, 1, 1, "SAME", 1)]
    [InlineData(8, 9, 2, 5, 3, 2, 1, "SAME", 1)]
    [InlineData(9, 7, 3, 2, 2, 2, 1, "VALID", 1)]
    [InlineData(10, 8, 2, 3, 3, 1, 2, "SAME", 1)]
    [InlineData(11, 11, 4, 6, 3, 2, 2, "VALID", 1)]
    [InlineData(6, 7, 4, 6, 3, 1, 1, "SAME", 2)]
    [InlineData(5, 5, 1, 1, 5, 3, 1, "SAME", 1)]
    public void Conv2DEqualsOnnxConv(int h, int w, int cin, int cout, int k, int stride, int dilation, string padding, int groups)
    {
        var rng = new Random(h * 100 + w);
        var x = Random(rng, 2, h, w, cin);
        var filter = Random(rng, cout, k, k, cin / groups);
        var bias = Random(rng, cout);
        var tflite = Tflite("CONV_2D").Input(x).Constant(filter).Constant(bias).String("padding", padding)
            .Int("stride_h", stride).Int("stride_w", stride).Int("dilation_h_factor", dilation).Int("dilation_w_factor", dilation).Run()[0];
        var onnx = new NodeCase("Conv").Input(ToNchw(x)).Constant(Permute(filter, 0, 3, 1, 2)).Constant(bias)
            .String("auto_pad", padding == "SAME" ? "SAME_UPPER" : "VALID").Ints("strides", stride, stride)
            .Ints("dilations", dilation, dilation).Int("group", groups).Run()[0];
        SameAsNhwc(tflite, onnx);
    }

    [Theory]
    [InlineData(7, 6, 3, 1, 3, 1, "SAME")]
    [InlineData(8, 8, 2, 3, 3, 2, "SAME")]
    [InlineData(9, 7, 4, 2, 5, 2, "VALID")]
    public void DepthwiseConv2DEqualsOnnxGroupedConv(int h, int w, int channels, int multiplier, int k, int stride, string padding)
    {
        var rng = new Random(h * 10 + k);
        var x = Random(rng, 1, h, w, channels);
        var filter = Random(rng, 1, k, k, channels * multiplier);
        var bias = Random(rng, channels * multiplier);
        var tflite = Tflite("DEPTHWISE_CONV_2D").Input(x).Constant(filter).Constant(bias).Int("depth_multiplier", multiplier)
            .String("padding", padding).Int("stride_h", stride).Int("stride_w", stride).Run()[0];
        // [1, KH, KW, C·M] → [C·M, 1, KH, KW]: ONNX output channel c·M + m is TFLite's
        var onnx = new NodeCase("Conv").Input(ToNchw(x)).Constant(Permute(filter, 3, 0, 1, 2)).Constant(bias)
            .String("auto_pad", padding == "SAME" ? "SAME_UPPER" : "VALID").Ints("strides", stride, stride).Int("group", channels).Run()[0];
        SameAsNhwc(tflite, onnx);
    }

    [Fact]
    public void FullyConnectedEqualsGemmWithTransposedWeights()
    {
        var rng = new Random(3);
        var x = Random(rng, 5, 17);
        var w = Random(rng, 7, 17);
        var b = Random(rng, 7);
        var tflite = Tflite("FULLY_CONNECTED").Input(x).Constant(w).Constant(b).RunFloats();
        var onnx = new NodeCase("Gemm").Input(x).Constant(w).Constant(b).Int("transB", 1).RunFloats();
        Close(onnx, tflite, Tolerance, Tolerance);
    }

    [Theory]
    [InlineData("AVERAGE_POOL_2D", "AveragePool", 3, 2, "SAME")]
    [InlineData("AVERAGE_POOL_2D", "AveragePool", 2, 2, "VALID")]
    [InlineData("MAX_POOL_2D", "MaxPool", 3, 2, "SAME")]
    [InlineData("MAX_POOL_2D", "MaxPool", 3, 1, "VALID")]
    public void PoolsEqualOnnxPools(string tfliteOp, string onnxOp, int k, int stride, string padding)
    {
        var x = Random(new Random(k * 7 + stride), 2, 9, 8, 3);
        var tflite = Tflite(tfliteOp).Input(x).Int("filter_height", k).Int("filter_width", k).Int("stride_h", stride).Int("stride_w", stride)
            .String("padding", padding).Run()[0];
        var onnx = new NodeCase(onnxOp).Input(ToNchw(x)).Ints("kernel_shape", k, k).Ints("strides", stride, stride)
            .String("auto_pad", padding == "SAME" ? "SAME_UPPER" : "VALID").Run()[0];
        SameAsNhwc(tflite, onnx);
    }

    [Theory]
    // height, width, in channels, out channels, kernel, stride, padding (kernel ≥ stride, so SAME needs no negative padding)
    [InlineData(3, 4, 2, 3, 3, 2, "SAME")]
    [InlineData(4, 3, 3, 2, 4, 2, "SAME")]
    [InlineData(3, 3, 2, 2, 3, 2, "VALID")]
    [InlineData(5, 4, 1, 3, 2, 1, "VALID")]
    public void TransposeConvEqualsOnnxConvTranspose(int h, int w, int cin, int cout, int k, int stride, string padding)
    {
        var rng = new Random(h * 31 + k);
        var x = Random(rng, 1, h, w, cin);
        var weights = Random(rng, cout, k, k, cin);
        var bias = Random(rng, cout);
        int oh = padding == "SAME" ? h * stride : (h - 1) * stride + k;
        int ow = padding == "SAME" ? w * stride : (w - 1) * stride + k;
        var tflite = Tflite("TRANSPOSE_CONV").Constant(Tensor.Vector(1, oh, ow, cout)).Constant(weights).Input(x).Constant(bias)
            .String("padding", padding).Int("stride_h", stride).Int("stride_w", stride).Run()[0];
        // [O, KH, KW, I] → [I, O, KH, KW]
        var onnx = new NodeCase("ConvTranspose").Input(ToNchw(x)).Constant(Permute(weights, 3, 0, 1, 2)).Constant(bias)
            .Ints("strides", stride, stride).Ints("output_shape", oh, ow).String("auto_pad", padding == "SAME" ? "SAME_UPPER" : "NOTSET").Run()[0];
        SameAsNhwc(tflite, onnx);
    }
}
