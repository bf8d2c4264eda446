using System.Collections;
using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Formats.Tflite.Options;
using tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Options → attributes: the explicit mappings, the reflection fallback, builtin_options_2.
public class TfliteOptionsImportTests
{
    /// <summary>Every options table with an explicit mapping (the ops Quanta runs).</summary>
    public static TheoryData<BuiltinOptions> ExplicitlyMapped() =>
    [
        BuiltinOptions.Conv2DOptions, BuiltinOptions.DepthwiseConv2DOptions, BuiltinOptions.FullyConnectedOptions,
        BuiltinOptions.TransposeConvOptions, BuiltinOptions.Pool2DOptions, BuiltinOptions.AddOptions, BuiltinOptions.SubOptions,
        BuiltinOptions.MulOptions, BuiltinOptions.DivOptions, BuiltinOptions.ConcatenationOptions, BuiltinOptions.ReshapeOptions,
        BuiltinOptions.SoftmaxOptions, BuiltinOptions.LeakyReluOptions, BuiltinOptions.ReducerOptions, BuiltinOptions.PadOptions,
        BuiltinOptions.PadV2Options, BuiltinOptions.StridedSliceOptions, BuiltinOptions.SqueezeOptions, BuiltinOptions.TransposeOptions,
        BuiltinOptions.SplitOptions, BuiltinOptions.SplitVOptions, BuiltinOptions.GatherOptions, BuiltinOptions.CastOptions,
        BuiltinOptions.ResizeBilinearOptions, BuiltinOptions.ResizeNearestNeighborOptions, BuiltinOptions.ArgMaxOptions,
        BuiltinOptions.ArgMinOptions, BuiltinOptions.PackOptions, BuiltinOptions.UnpackOptions, BuiltinOptions.QuantizeOptions,
        BuiltinOptions.DequantizeOptions, BuiltinOptions.ShapeOptions, BuiltinOptions.ExpandDimsOptions,
        BuiltinOptions.SpaceToDepthOptions, BuiltinOptions.DepthToSpaceOptions, BuiltinOptions.HardSwishOptions,
        BuiltinOptions.LogSoftmaxOptions, BuiltinOptions.MaximumMinimumOptions, BuiltinOptions.L2NormOptions,
    ];

    /// <summary>A one-op model whose op carries the given options.</summary>
    private static byte[] ModelWith(BuiltinOptionsUnion? options, BuiltinOptions2Union? options2 = null, BuiltinOperator op = BuiltinOperator.ADD)
    {
        var b = new TfliteModelBuilder();
        int x = b.Tensor("x", TensorType.FLOAT32, [1, 2]);
        int y = b.Tensor("y", TensorType.FLOAT32, [1, 2]);
        b.Io([x], [y]);
        // Two float inputs keep the carrier ADD valid for its schema's shape inference.
        b.Op(b.OpCode(op, version: 7), [x, x], [y], options).BuiltinOptions2 = options2;
        return b.Build();
    }

    private static Dictionary<string, string> AttributesOf(byte[] model) =>
        TfliteImporter.Import(model, "test.tflite").Graph.Nodes[0].Attributes
            .Where(a => a.Key != "tflite_version").ToDictionary(a => a.Key, a => $"{a.Value.Kind}:{a.Value}");

    /// <summary>
    /// An options object of the generated object API with every field set away from its default,
    /// each to a different value (so that a mapping that swaps two fields is caught).
    /// </summary>
    private static object NonDefaultOptions(Type type)
    {
        object options = Activator.CreateInstance(type)!;
        int n = 0;
        foreach (var p in type.GetProperties())
        {
            n++;
            object? current = p.GetValue(options);
            object? value = p.PropertyType switch
            {
                var t when t == typeof(int) => 3 + n,
                var t when t == typeof(long) => 3L + n,
                var t when t == typeof(uint) => (uint)(3 + n),
                var t when t == typeof(bool) => !(bool)current!,
                var t when t == typeof(float) => 0.25f + n,
                var t when t.IsEnum => Enum.GetValues(t).Cast<object>().Last(v => !v.Equals(current)),
                var t when t == typeof(List<int>) => new List<int> { n, -n, 7 },
                var t when t == typeof(List<long>) => new List<long> { n, 9 },
                _ => current,
            };
            p.SetValue(options, value);
        }
        return options;
    }

    [Theory]
    [MemberData(nameof(ExplicitlyMapped))]
    public void ExplicitMappingsAgreeWithTheGenericFallback(BuiltinOptions type)
    {
        var optionsType = typeof(BuiltinOptionsUnion).Assembly.GetType($"tflite.{type}T")!;
        object options = NonDefaultOptions(optionsType);
        byte[] bytes = ModelWith(new BuiltinOptionsUnion { Type = type, Value = options });
        var imported = AttributesOf(bytes);

        var expected = new AttributeMap();
        TfliteOptionsFallback.Write(options, new TfliteAttributeWriter(new TfliteReadContext(bytes, "t"), expected, "n"));
        // The explicit mapping leaves out the deprecated fields the fallback cannot know about.
        expected.Remove("new_height");
        expected.Remove("new_width");
        Assert.Equal(expected.ToDictionary(a => a.Key, a => $"{a.Value.Kind}:{a.Value}"), imported);
        Assert.Equal(optionsType.GetProperties().Length - (type == BuiltinOptions.ResizeBilinearOptions ? 2 : 0), imported.Count);
    }

    [Fact]
    public void Conv2DOptionsBecomeTheDecisionsAttributeForm()
    {
        var conv = new Conv2DOptionsT
        {
            Padding = Padding.VALID,
            StrideW = 2,
            StrideH = 3,
            FusedActivationFunction = ActivationFunctionType.RELU_N1_TO_1,
            DilationWFactor = 4,
            DilationHFactor = 5,
            QuantizedBiasType = TensorType.INT64,
        };
        // Carried by ADD: the [1, 2] tensors of ModelWith would fail CONV_2D's shape inference (rank 4).
        var attributes = AttributesOf(ModelWith(BuiltinOptionsUnion.FromConv2DOptions(conv)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["padding"] = "String:VALID",
            ["stride_w"] = "Int:2",
            ["stride_h"] = "Int:3",
            ["fused_activation_function"] = "String:RELU_N1_TO_1",
            ["dilation_w_factor"] = "Int:4",
            ["dilation_h_factor"] = "Int:5",
            ["quantized_bias_type"] = "String:INT64",
        }, attributes);
    }

    [Fact]
    public void DefaultsOfAbsentFieldsAreWritten()
    {
        // Writers omit fields equal to the schema default; the attribute still holds the default.
        var attributes = AttributesOf(ModelWith(BuiltinOptionsUnion.FromAddOptions(new AddOptionsT()), op: BuiltinOperator.ADD));
        Assert.Equal("Int:1", attributes["pot_scale_int16"]);
        Assert.Equal("String:NONE", attributes["fused_activation_function"]);
        var fc = AttributesOf(ModelWith(BuiltinOptionsUnion.FromFullyConnectedOptions(new FullyConnectedOptionsT { KeepNumDims = true })));
        Assert.Equal("String:DEFAULT", fc["weights_format"]);
        Assert.Equal("Int:1", fc["keep_num_dims"]);
        Assert.Equal("Int:0", fc["asymmetric_quantize_inputs"]);
        var reshape = AttributesOf(ModelWith(BuiltinOptionsUnion.FromReshapeOptions(new ReshapeOptionsT { NewShape = [-1, 4] })));
        Assert.Equal("Ints:[-1,4]", reshape["new_shape"]);
    }

    [Fact]
    public void OptionsWithoutAnExplicitMappingGoThroughTheFallback()
    {
        var mirror = AttributesOf(ModelWith(BuiltinOptionsUnion.FromMirrorPadOptions(new MirrorPadOptionsT { Mode = MirrorPadMode.SYMMETRIC }), op: BuiltinOperator.MIRROR_PAD));
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "String:SYMMETRIC" }, mirror);

        var matmul = AttributesOf(ModelWith(BuiltinOptionsUnion.FromBatchMatMulOptions(new BatchMatMulOptionsT { AdjX = true }), op: BuiltinOperator.BATCH_MATMUL));
        Assert.Equal(new Dictionary<string, string>
        {
            ["adj_x"] = "Int:1",
            ["adj_y"] = "Int:0",
            ["asymmetric_quantize_inputs"] = "Int:0",
        }, matmul);

        var lstm = AttributesOf(ModelWith(BuiltinOptionsUnion.FromLSTMOptions(new LSTMOptionsT { CellClip = 2.5f, KernelType = LSTMKernelType.BASIC })));
        Assert.Equal("Float:2.5", lstm["cell_clip"]);
        Assert.Equal("String:BASIC", lstm["kernel_type"]);
        Assert.Equal("String:NONE", lstm["fused_activation_function"]);
    }

    [Fact]
    public void BuiltinOptions2AreKept()
    {
        var options2 = BuiltinOptions2Union.FromStablehloConcatenateOptions(new StablehloConcatenateOptionsT { Dimension = 2 });
        var attributes = AttributesOf(ModelWith(null, options2, BuiltinOperator.STABLEHLO_CONCATENATE));
        Assert.Equal(new Dictionary<string, string> { ["dimension"] = "Int:2" }, attributes);

        var slice = BuiltinOptions2Union.FromStablehloSliceOptions(new StablehloSliceOptionsT { StartIndices = [1, 2], LimitIndices = [3, 4], Strides = [1, 1] });
        Assert.Equal("Ints:[1,2]", AttributesOf(ModelWith(null, slice, BuiltinOperator.STABLEHLO_SLICE))["start_indices"]);
    }

    [Fact]
    public void AnOptionsTypeWithoutItsTableAddsNoAttributes()
    {
        var attributes = AttributesOf(ModelWith(new BuiltinOptionsUnion { Type = BuiltinOptions.Conv2DOptions, Value = null }));
        Assert.Empty(attributes);
    }

    [Fact]
    public void UndefinedEnumValuesAndOptionTypesAreUnsupported()
    {
        var conv = new Conv2DOptionsT { Padding = (Padding)9 };
        var e = Assert.Throws<UnsupportedException>(() => AttributesOf(ModelWith(BuiltinOptionsUnion.FromConv2DOptions(conv))));
        Assert.Contains("padding", e.Message);
        Assert.Contains("'y'", e.Message);
        Assert.Contains("9", e.Message);

        var unknownType = new BuiltinOptionsUnion { Type = (BuiltinOptions)250 };
        Assert.Contains("250", Assert.Throws<UnsupportedException>(() => AttributesOf(ModelWith(unknownType))).Message);
    }

    [Theory]
    [InlineData("StrideW", "stride_w")]
    [InlineData("DilationWFactor", "dilation_w_factor")]
    [InlineData("PotScaleInt16", "pot_scale_int16")]
    [InlineData("Alpha", "alpha")]
    [InlineData("AsymmetricQuantizeInputs", "asymmetric_quantize_inputs")]
    public void FallbackNamesAreTheSchemasSnakeCase(string property, string field) =>
        Assert.Equal(field, TfliteOptionsFallback.SnakeCase(property));

    [Fact]
    public void EveryOptionsTypeOfTheSchemaImports()
    {
        // Each options table of the union, with its defaults, through whichever mapping applies.
        foreach (BuiltinOptions type in Enum.GetValues<BuiltinOptions>().Where(t => t != BuiltinOptions.NONE))
        {
            var optionsType = typeof(BuiltinOptionsUnion).Assembly.GetType($"tflite.{type}T")!;
            var attributes = AttributesOf(ModelWith(new BuiltinOptionsUnion { Type = type, Value = Activator.CreateInstance(optionsType) }));
            int scalarsAndLists = optionsType.GetProperties().Count(p =>
                p.PropertyType.IsPrimitive || p.PropertyType.IsEnum
                || (typeof(IList).IsAssignableFrom(p.PropertyType) && p.PropertyType.GetGenericArguments()[0].IsPrimitive));
            int deprecated = type == BuiltinOptions.ResizeBilinearOptions ? 2 : 0;
            Assert.True(attributes.Count == scalarsAndLists - deprecated, $"{type}: {attributes.Count} attributes for {scalarsAndLists} fields");
        }
    }
}
