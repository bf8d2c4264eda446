using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Expected structure comes from the files themselves, read independently with
// `flatc --json --raw-binary schema.fbs -- model.tflite` (Debian flatbuffers-compiler).
public class TfliteImportModelsTests
{
    public static IEnumerable<object[]> AllModels() => TfliteTestFiles.AllModels();

    [SkippableTheory]
    [MemberData(nameof(AllModels))]
    public void ImportsEveryModelIntoAVerifiedGraph(string relativePath)
    {
        var model = TfliteTestFiles.Import(relativePath);
        Assert.Equal(ModelFormat.Tflite, model.Format);
        Assert.Equal(3, model.Opsets[OpDomains.Tflite]);
        var graph = model.Graph;
        Assert.NotEmpty(graph.Nodes);
        Assert.NotEmpty(graph.Inputs);
        Assert.NotEmpty(graph.Outputs);
        GraphVerifier.Verify(graph);
        foreach (var node in graph.Nodes)
        {
            Assert.Equal(OpDomains.Tflite, node.Domain);
            Assert.True(node.Attributes.GetInt("tflite_version") >= 1, node.ToString());
        }
        // Every quantized value of these int8/int16 models carries valid parameters.
        foreach (var v in graph.Values.Where(v => v.Type is DataType.Int8 or DataType.Int16))
        {
            Assert.NotNull(v.Quant);
            v.Quant!.Validate(v.Name, v.Type, v.Shape);
        }
    }

    [SkippableFact]
    public void PersonDetectHasTheFilesOpsTensorsAndQuantization()
    {
        var model = TfliteTestFiles.Import("models/tflite/person_detect.tflite");
        Assert.Equal("TOCO Converted.", model.Description);
        Assert.Equal("1", model.Metadata["tflite.subgraph_count"]);
        var g = model.Graph;
        Assert.Equal(new Dictionary<string, int>
        {
            ["DEPTHWISE_CONV_2D"] = 14,
            ["CONV_2D"] = 14,
            ["AVERAGE_POOL_2D"] = 1,
            ["RESHAPE"] = 1,
            ["SOFTMAX"] = 1,
        }, TfliteTestFiles.OpHistogram(g));

        var input = Assert.Single(g.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(DataType.Int8, input.Type);
        Assert.Equal(new Shape(1, 96, 96, 1), input.Shape);
        Assert.Equal(0.007843, input.Quant!.Scale, 5);
        Assert.Equal(-1, input.Quant.ZeroPoint);
        Assert.False(input.Quant.IsPerAxis);

        var output = Assert.Single(g.Outputs);
        Assert.Equal("MobilenetV1/Predictions/Reshape_1", output.Name);
        Assert.Equal(new Shape(1, 2), output.Shape);
        Assert.Equal(1f / 256, output.Quant!.Scale, 6);
        Assert.Equal(-128, output.Quant.ZeroPoint);

        // The first op: a depthwise conv with multiplier 8 over the 1-channel image; its weights are
        // per-channel along the last axis, and TOCO wrote quantized_dimension 3 on the 1-D bias too.
        var first = g.Nodes[0];
        Assert.Equal("DEPTHWISE_CONV_2D", first.OpType);
        Assert.Equal("MobilenetV1/MobilenetV1/Conv2d_0/Relu6", first.Name);
        Assert.Same(input, first.Inputs[0]);
        var weights = first.Inputs[1]!;
        Assert.Equal("MobilenetV1/Conv2d_0/weights/read", weights.Name);
        Assert.True(weights.IsConstant);
        Assert.Equal(new Shape(1, 3, 3, 8), weights.Constant!.Shape);
        Assert.Equal(3, weights.Quant!.Axis);
        Assert.Equal(8, weights.Quant.Count);
        Assert.Equal(0.016359f, weights.Quant.Scales[0], 5);
        Assert.Equal(0.026611f, weights.Quant.Scales[1], 5);
        Assert.Equal(0, first.Inputs[2]!.Quant!.Axis);
        Assert.Equal(8, first.Inputs[2]!.Quant!.Count);
        Assert.Equal(DataType.Int32, first.Inputs[2]!.Type);
        Assert.Equal("SAME", first.Attributes.GetString("padding", ""));
        Assert.Equal(2, first.Attributes.GetInt("stride_w"));
        Assert.Equal(2, first.Attributes.GetInt("stride_h"));
        Assert.Equal(8, first.Attributes.GetInt("depth_multiplier"));
        Assert.Equal("RELU6", first.Attributes.GetString("fused_activation_function", ""));
        Assert.Equal(1, first.Attributes.GetInt("dilation_w_factor"));
        Assert.Equal(3, first.Attributes.GetInt("tflite_version"));

        var pointwise = g.Nodes[2];
        Assert.Equal("CONV_2D", pointwise.OpType);
        Assert.Equal(1, pointwise.Attributes.GetInt("stride_w"));
        Assert.Equal("FLOAT32", pointwise.Attributes.GetString("quantized_bias_type", ""));
        Assert.Equal(2, pointwise.Attributes.GetInt("tflite_version"));
        var pwWeights = pointwise.Inputs[1]!;
        Assert.Equal(new Shape(16, 1, 1, 8), pwWeights.Shape);
        Assert.Equal(0, pwWeights.Quant!.Axis);
        Assert.Equal(16, pwWeights.Quant.Count);

        var pool = g.Nodes.Single(n => n.OpType == "AVERAGE_POOL_2D");
        Assert.Equal("VALID", pool.Attributes.GetString("padding", ""));
        Assert.Equal(3, pool.Attributes.GetInt("filter_width"));
        Assert.Equal(3, pool.Attributes.GetInt("filter_height"));
        Assert.Equal("NONE", pool.Attributes.GetString("fused_activation_function", ""));
        Assert.Equal([1L, 2L], g.Nodes.Single(n => n.OpType == "RESHAPE").Attributes.GetInts("new_shape")!);
        Assert.Equal(1f, g.Nodes.Single(n => n.OpType == "SOFTMAX").Attributes.GetFloat("beta", 0));
    }

    [SkippableFact]
    public void HelloWorldInt8HasThreeFullyConnectedOpsAndADynamicBatch()
    {
        var model = TfliteTestFiles.Import("models/tflite/hello_world_int8.tflite");
        Assert.Equal("MLIR Converted.", model.Description);
        Assert.Equal("1.14.0", model.Metadata["min_runtime_version"]);
        Assert.Contains("1.14.0", model.Producer);
        var g = model.Graph;
        Assert.Equal(new Dictionary<string, int> { ["FULLY_CONNECTED"] = 3 }, TfliteTestFiles.OpHistogram(g));
        var input = Assert.Single(g.Inputs);
        Assert.Equal("serving_default_dense_input:0", input.Name);
        Assert.Equal(DataType.Int8, input.Type);
        Assert.Equal(new Shape(Shape.Unknown, 1), input.Shape); // shape [1,1], shape_signature [-1,1]
        Assert.Equal(-128, input.Quant!.ZeroPoint);
        var output = Assert.Single(g.Outputs);
        Assert.Equal("StatefulPartitionedCall:0", output.Name);
        Assert.Equal(5, output.Quant!.ZeroPoint);
        Assert.Equal(0.008291f, output.Quant.Scale, 5);

        var fc = g.Nodes[0];
        Assert.Equal(["serving_default_dense_input:0", "sequential/dense/MatMul", "sequential/dense/BiasAdd/ReadVariableOp"],
            fc.Inputs.Select(v => v!.Name));
        Assert.Equal("RELU", fc.Attributes.GetString("fused_activation_function", ""));
        Assert.Equal("DEFAULT", fc.Attributes.GetString("weights_format", ""));
        Assert.Equal(0, fc.Attributes.GetInt("keep_num_dims"));
        Assert.Equal(0, fc.Attributes.GetInt("asymmetric_quantize_inputs"));
        Assert.Equal(4, fc.Attributes.GetInt("tflite_version"));
        Assert.Equal("NONE", g.Nodes[2].Attributes.GetString("fused_activation_function", ""));
        var bias = fc.Inputs[2]!;
        Assert.Equal(DataType.Int32, bias.Type);
        Assert.Equal(new Shape(16), bias.Constant!.Shape);
        Assert.Equal(16, bias.Constant.ElementCount);
    }

    [SkippableFact]
    public void HelloWorldFloatHoldsTheFileWeights()
    {
        var g = TfliteTestFiles.Import("models/tflite/hello_world_float.tflite").Graph;
        var input = Assert.Single(g.Inputs);
        Assert.Equal(DataType.Float32, input.Type);
        Assert.Null(input.Quant);
        var w = g.Nodes[1].Inputs[1]!;
        Assert.Equal("sequential/dense_1/MatMul", w.Name);
        Assert.Equal(new Shape(16, 16), w.Constant!.Shape);
        Assert.Equal(256, w.Constant.ToArray<float>().Length);
        Assert.Equal(new Shape(Shape.Unknown, 1), Assert.Single(g.Outputs).Shape);
    }

    [SkippableFact]
    public void MicroSpeechReadsPerChannelDepthwiseWeightsAndReshapeOptions()
    {
        var g = TfliteTestFiles.Import("models/tflite/micro_speech_quantized.tflite").Graph;
        Assert.Equal(["RESHAPE", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX"], g.Nodes.Select(n => n.OpType));
        Assert.Equal([-1L, 49, 40, 1], g.Nodes[0].Attributes.GetInts("new_shape")!);
        var weights = g.GetValue("first_weights/read");
        Assert.Equal(new Shape(1, 10, 8, 8), weights.Shape);
        Assert.Equal(3, weights.Quant!.Axis);
        Assert.Equal(8, weights.Quant.Count);
        var dw = g.Nodes[1];
        Assert.Equal(8, dw.Attributes.GetInt("depth_multiplier"));
        Assert.Equal("RELU", dw.Attributes.GetString("fused_activation_function", ""));
        Assert.Equal(new Shape(1, 1960), Assert.Single(g.Inputs).Shape);
        Assert.Equal("labels_softmax", Assert.Single(g.Outputs).Name);
    }

    [SkippableFact]
    public void MobilenetV2ResolvesEveryOperatorCodeFromDeprecatedBuiltinCode()
    {
        var model = ModelLoader.Load(TfliteTestFiles.Model("mobilenet_v2_quantized_1x3x224x224.tflite"));
        Assert.Equal("TinyNeuralNetwork Converted.", model.Description);
        Assert.Equal(new Dictionary<string, int>
        {
            ["TRANSPOSE"] = 1,
            ["PAD"] = 18,
            ["CONV_2D"] = 35,
            ["DEPTHWISE_CONV_2D"] = 17,
            ["ADD"] = 10,
            ["MEAN"] = 1,
            ["RESHAPE"] = 1,
            ["FULLY_CONNECTED"] = 1,
        }, TfliteTestFiles.OpHistogram(model.Graph));
        var input = Assert.Single(model.Graph.Inputs);
        Assert.Equal("input.5", input.Name);
        Assert.Equal(new Shape(1, 3, 224, 224), input.Shape);
        Assert.Equal(-14, input.Quant!.ZeroPoint);
        var conv = model.Graph.Nodes[2];
        Assert.Equal("CONV_2D", conv.OpType);
        Assert.Equal("VALID", conv.Attributes.GetString("padding", ""));
        Assert.Equal("RELU6", conv.Attributes.GetString("fused_activation_function", ""));
        Assert.Equal(32, conv.Inputs[1]!.Quant!.Count);
        Assert.Equal(0, conv.Inputs[1]!.Quant!.Axis);
        Assert.Equal(0, model.Graph.Nodes.Single(n => n.OpType == "TRANSPOSE").Attributes.Count - 1); // only tflite_version
        Assert.Equal(model.SourceBytes, new FileInfo(TfliteTestFiles.Model("mobilenet_v2_quantized_1x3x224x224.tflite")).Length);
    }

    [SkippableTheory]
    [InlineData("add", "ADD")]
    [InlineData("conv", "CONV_2D")]
    [InlineData("leaky_relu", "LEAKY_RELU")]
    [InlineData("pad", "PAD")]
    [InlineData("quantize", "QUANTIZE")]
    [InlineData("strided_slice", "STRIDED_SLICE")]
    [InlineData("sub", "SUB")]
    [InlineData("transpose_conv", "TRANSPOSE_CONV")]
    public void SeanetConformanceModelsHoldOneInt16OpEach(string folder, string opType)
    {
        var files = Directory.GetFiles(Path.Combine(TfliteTestFiles.SeanetFolder, folder), "*.tflite");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var g = TfliteImporter.Import(File.ReadAllBytes(file), file).Graph;
            var node = Assert.Single(g.Nodes);
            Assert.Equal(opType, node.OpType);
            Assert.Contains(g.Values, v => v.Type == DataType.Int16 && v.Quant is not null);
        }
    }

    [SkippableFact]
    public void SeanetOptionsAndInt16ParametersAreRead()
    {
        string seanet = TfliteTestFiles.SeanetFolder;
        var sub = TfliteImporter.Import(File.ReadAllBytes(Path.Combine(seanet, "sub", "sub0.tflite")), "sub0").Graph.Nodes[0];
        Assert.Equal(0, sub.Attributes.GetInt("pot_scale_int16"));
        Assert.Equal("NONE", sub.Attributes.GetString("fused_activation_function", ""));

        var slice = TfliteImporter.Import(File.ReadAllBytes(Path.Combine(seanet, "strided_slice", "strided_slice0.tflite")), "ss0").Graph.Nodes[0];
        Assert.Equal(13, slice.Attributes.GetInt("begin_mask"));
        Assert.Equal(15, slice.Attributes.GetInt("end_mask"));
        Assert.Equal(0, slice.Attributes.GetInt("shrink_axis_mask"));
        Assert.Equal(0, slice.Attributes.GetInt("offset"));

        var tconv = TfliteImporter.Import(File.ReadAllBytes(Path.Combine(seanet, "transpose_conv", "transpose_conv0.tflite")), "tc0").Graph.Nodes[0];
        Assert.Equal("VALID", tconv.Attributes.GetString("padding", ""));
        Assert.Equal(2, tconv.Attributes.GetInt("stride_w"));
        Assert.Equal(1, tconv.Attributes.GetInt("stride_h"));
        var weights = tconv.Inputs[1]!;
        Assert.Equal(new Shape(64, 3, 4, 64), weights.Shape);
        Assert.Equal(64, weights.Quant!.Count);
        var bias = tconv.Inputs[3]!;
        Assert.Equal(DataType.Int64, bias.Type);
        Assert.Equal(64, bias.Quant!.Count);
        Assert.Null(tconv.Inputs[0]!.Quant); // the output-shape tensor: a quantization table with no scales

        // The QUANTIZE models' tensors have no names: unique names are made from the tensor index.
        var quantize = TfliteImporter.Import(File.ReadAllBytes(Path.Combine(seanet, "quantize", "quantize0.tflite")), "q0").Graph;
        Assert.Equal("tensor_0", Assert.Single(quantize.Inputs).Name);
        Assert.Equal("tensor_1", Assert.Single(quantize.Outputs).Name);
        Assert.Equal(DataType.Int16, quantize.Outputs[0].Type);
        Assert.Equal(0, quantize.Outputs[0].Quant!.ZeroPoint);

        var leaky = TfliteImporter.Import(File.ReadAllBytes(Path.Combine(seanet, "leaky_relu", "leaky_relu0.tflite")), "lr0").Graph.Nodes[0];
        Assert.Equal(0.3f, leaky.Attributes.GetFloat("alpha", 0));
    }
}
