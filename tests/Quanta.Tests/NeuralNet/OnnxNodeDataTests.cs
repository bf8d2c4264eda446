using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.NeuralNet;

/// <summary>
/// Runs the neural-net cases of ONNX's backend node tests (Debian libonnx-testdata) through a
/// minimal loader of its own — one node, attributes of the plain kinds, float/int64 tensors — so
/// that these ops are checked against ONNX's expected outputs independently of the importer.
/// The importer-based harness covers the same cases once merged.
/// </summary>
public class OnnxNodeDataTests
{
    public static TheoryData<string> Cases() =>
    [
        "test_basic_conv_with_padding", "test_basic_conv_without_padding", "test_conv_with_autopad_same",
        "test_conv_with_strides_and_asymmetric_padding", "test_conv_with_strides_no_padding", "test_conv_with_strides_padding",
        "test_convtranspose", "test_convtranspose_1d", "test_convtranspose_3d", "test_convtranspose_autopad_same",
        "test_convtranspose_dilations", "test_convtranspose_kernel_shape", "test_convtranspose_output_shape",
        "test_convtranspose_pad", "test_convtranspose_pads", "test_convtranspose_with_kernel",
        "test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta", "test_gemm_default_matrix_bias", "test_gemm_default_no_bias",
        "test_gemm_default_scalar_bias", "test_gemm_default_single_elem_vector_bias", "test_gemm_default_vector_bias",
        "test_gemm_default_zero_bias", "test_gemm_transposeA", "test_gemm_transposeB",
        "test_matmul_2d", "test_matmul_3d", "test_matmul_4d",
        "test_batchnorm_epsilon", "test_batchnorm_example", "test_instancenorm_epsilon", "test_instancenorm_example",
        "test_lrn", "test_lrn_default",
        "test_averagepool_1d_default", "test_averagepool_2d_ceil", "test_averagepool_2d_default", "test_averagepool_2d_pads",
        "test_averagepool_2d_pads_count_include_pad", "test_averagepool_2d_precomputed_pads",
        "test_averagepool_2d_precomputed_pads_count_include_pad", "test_averagepool_2d_precomputed_same_upper",
        "test_averagepool_2d_precomputed_strides", "test_averagepool_2d_same_lower", "test_averagepool_2d_same_upper",
        "test_averagepool_2d_strides", "test_averagepool_3d_default",
        "test_maxpool_1d_default", "test_maxpool_2d_ceil", "test_maxpool_2d_default", "test_maxpool_2d_dilations",
        "test_maxpool_2d_pads", "test_maxpool_2d_precomputed_pads", "test_maxpool_2d_precomputed_same_upper",
        "test_maxpool_2d_precomputed_strides", "test_maxpool_2d_same_lower", "test_maxpool_2d_same_upper",
        "test_maxpool_2d_strides", "test_maxpool_3d_default", "test_maxpool_2d_uint8",
        "test_maxpool_with_argmax_2d_precomputed_pads",
        "test_globalaveragepool", "test_globalaveragepool_precomputed", "test_globalmaxpool", "test_globalmaxpool_precomputed",
        "test_resize_downsample_scales_linear", "test_resize_downsample_scales_linear_align_corners",
        "test_resize_downsample_scales_nearest", "test_resize_downsample_sizes_linear_pytorch_half_pixel",
        "test_resize_downsample_sizes_nearest", "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn",
        "test_resize_tf_crop_and_resize", "test_resize_upsample_scales_linear", "test_resize_upsample_scales_linear_align_corners",
        "test_resize_upsample_scales_nearest", "test_resize_upsample_sizes_nearest", "test_resize_upsample_sizes_nearest_ceil_half_pixel",
        "test_resize_upsample_sizes_nearest_floor_align_corners", "test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric",
    ];

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesOnnxExpectedOutputs(string name)
    {
        string dir = TestData.Require(Path.Combine(TestData.OnnxTestData, "node", name), "apt package libonnx-testdata");
        var (model, inputNames, outputNames) = Load(Path.Combine(dir, "model.onnx"));
        string data = Path.Combine(dir, "test_data_set_0");
        using var session = new InferenceSession(model);
        var feeds = new Dictionary<string, Tensor>();
        for (int i = 0; i < inputNames.Count; i++) feeds[inputNames[i]] = ReadTensor(Path.Combine(data, $"input_{i}.pb"));
        var results = session.Run(feeds);
        for (int i = 0; i < outputNames.Count; i++)
        {
            var expected = ReadTensor(Path.Combine(data, $"output_{i}.pb"));
            Assert.Equal(expected.Shape, results[i].Shape);
            Assert.Equal(expected.Type, results[i].Type);
            var e = Enumerable.Range(0, (int)expected.ElementCount).Select(k => (float)expected.GetDouble(k)).ToArray();
            var a = Enumerable.Range(0, (int)results[i].ElementCount).Select(k => (float)results[i].GetDouble(k)).ToArray();
            Nn.Close(e, a, rtol: 1e-4f, atol: 1e-5f);
        }
    }

    [SkippableTheory]
    [InlineData("test_batchnorm_example_training_mode", "training_mode")]
    [InlineData("test_resize_upsample_scales_cubic", "cubic")]
    [InlineData("test_maxpool_with_argmax_2d_precomputed_strides", "storage_order")]
    public void UnsupportedFeaturesAreNamed(string name, string feature)
    {
        string dir = TestData.Require(Path.Combine(TestData.OnnxTestData, "node", name), "apt package libonnx-testdata");
        var (model, inputNames, _) = Load(Path.Combine(dir, "model.onnx"));
        var feeds = inputNames.Select((n, i) => (n, ReadTensor(Path.Combine(dir, "test_data_set_0", $"input_{i}.pb"))))
            .ToDictionary(p => p.n, p => p.Item2);
        var e = Assert.ThrowsAny<UnsupportedException>(() =>
        {
            using var session = new InferenceSession(model);
            session.Run(feeds);
        });
        Assert.Contains(feature, e.Message);
    }

    private static (Model Model, List<string> Inputs, List<string> Outputs) Load(string path)
    {
        using var stream = File.OpenRead(path);
        var proto = Onnx.ModelProto.Parser.ParseFrom(stream);
        var g = new Graph();
        var initializers = proto.Graph.Initializer.ToDictionary(t => t.Name);
        var inputs = new List<string>();
        foreach (var vi in proto.Graph.Input)
        {
            if (initializers.TryGetValue(vi.Name, out var init)) { g.AddConstant(vi.Name, ToTensor(init)); continue; }
            var dims = vi.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? (int)d.DimValue : Shape.Unknown).ToArray();
            g.AddInput(vi.Name, ToType(vi.Type.TensorType.ElemType), new Shape(dims));
            inputs.Add(vi.Name);
        }
        foreach (var n in proto.Graph.Node)
        {
            if (n.OpType == "Constant")
            {
                g.AddConstant(n.Output[0], ToTensor(n.Attribute.Single(a => a.Name == "value").T));
                continue;
            }
            var ins = n.Input.Select(name => name.Length == 0 ? null : g.FindValue(name) ?? g.AddValue(name)).ToList();
            var outs = n.Output.Where(name => name.Length > 0).Select(name => g.FindValue(name) ?? g.AddValue(name)).ToList();
            var node = g.AddNode(n.OpType, ins, outs, n.Name.Length > 0 ? n.Name : n.OpType, n.Domain == "ai.onnx" ? "" : n.Domain);
            foreach (var a in n.Attribute)
            {
                switch (a.Type)
                {
                    case Onnx.AttributeProto.Types.AttributeType.Int: node.Attributes.Set(a.Name, a.I); break;
                    case Onnx.AttributeProto.Types.AttributeType.Float: node.Attributes.Set(a.Name, a.F); break;
                    case Onnx.AttributeProto.Types.AttributeType.String: node.Attributes.Set(a.Name, a.S.ToStringUtf8()); break;
                    case Onnx.AttributeProto.Types.AttributeType.Ints: node.Attributes.Set(a.Name, a.Ints.ToArray()); break;
                    case Onnx.AttributeProto.Types.AttributeType.Floats: node.Attributes.Set(a.Name, a.Floats.ToArray()); break;
                    default: throw new NotSupportedException($"attribute kind {a.Type}");
                }
            }
        }
        var outputs = proto.Graph.Output.Select(o => o.Name).ToList();
        g.Outputs.AddRange(outputs.Select(g.GetValue));
        var model = new Model(g, ModelFormat.None);
        foreach (var o in proto.OpsetImport) model.Opsets[o.Domain == "ai.onnx" ? "" : o.Domain] = o.Version;
        return (model, inputs, outputs);
    }

    private static Tensor ReadTensor(string path)
    {
        using var stream = File.OpenRead(path);
        return ToTensor(Onnx.TensorProto.Parser.ParseFrom(stream));
    }

    private static DataType ToType(int onnxType) => onnxType switch
    {
        1 => DataType.Float32,
        2 => DataType.UInt8,
        3 => DataType.Int8,
        6 => DataType.Int32,
        7 => DataType.Int64,
        _ => throw new NotSupportedException($"ONNX type {onnxType}"),
    };

    private static Tensor ToTensor(Onnx.TensorProto t)
    {
        var type = ToType(t.DataType);
        var shape = new Shape(t.Dims.Select(d => (int)d).ToArray());
        if (!t.RawData.IsEmpty) return new Tensor(type, shape, t.RawData.ToByteArray());
        return type switch
        {
            DataType.Float32 => Tensor.FromArray(shape, t.FloatData.ToArray()),
            DataType.Int64 => Tensor.FromArray(shape, t.Int64Data.ToArray()),
            DataType.Int32 => Tensor.FromArray(shape, t.Int32Data.ToArray()),
            DataType.UInt8 => Tensor.FromArray(shape, t.Int32Data.Select(v => (byte)v).ToArray()),
            _ => Tensor.FromArray(shape, t.Int32Data.Select(v => (sbyte)v).ToArray()),
        };
    }
}
