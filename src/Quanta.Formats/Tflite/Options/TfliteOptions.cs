using Quanta.Core;

namespace Quanta.Formats.Tflite.Options;

/// <summary>
/// Maps an operator's <c>builtin_options</c> (and <c>builtin_options_2</c>) onto node attributes.
/// The options of the ops Quanta runs have explicit mappings (one method per options table, in the
/// <c>TfliteOptions.*.cs</c> files), written against schema.fbs field by field; every other
/// options table goes through <see cref="TfliteOptionsFallback"/>, so that no op loses its options.
/// </summary>
/// <remarks>
/// An options table whose type is set but whose table is absent yields no attributes (the op's
/// schema defaults apply, as in TFLite, whose parser leaves the parameters zero-initialized).
/// </remarks>
internal static partial class TfliteOptions
{
    /// <summary>Writes the operator's options as attributes of its node.</summary>
    /// <exception cref="UnsupportedException">An options type or enum value the schema does not define.</exception>
    public static void Read(TfliteReadContext ctx, tflite.Operator op, AttributeMap attributes, string nodeName)
    {
        var w = new TfliteAttributeWriter(ctx, attributes, nodeName);
        var type = op.BuiltinOptionsType;
        if (!Enum.IsDefined(type))
            throw new UnsupportedException($"node '{nodeName}': builtin options type {(byte)type} is not defined by the TFLite schema Quanta reads");
        var type2 = op.BuiltinOptions2Type;
        if (!Enum.IsDefined(type2))
            throw new UnsupportedException($"node '{nodeName}': builtin_options_2 type {(byte)type2} is not defined by the TFLite schema Quanta reads");

        bool mapped = type == tflite.BuiltinOptions.NONE || ReadExplicit(op, type, w);
        if (mapped && type2 == tflite.BuiltinOptions2.NONE) return;

        // Everything else goes through the object API: unpack the operator once (its vectors were
        // bounds-checked by the operator reader) and reflect over the options object.
        var unpacked = op.UnPack();
        if (!mapped && unpacked.BuiltinOptions?.Value is { } options) TfliteOptionsFallback.Write(options, w);
        if (unpacked.BuiltinOptions2?.Value is { } options2) TfliteOptionsFallback.Write(options2, w);
    }

    /// <summary>Applies an explicit mapping when the table is present.</summary>
    private static bool Map<T>(T? table, TfliteAttributeWriter w, Action<T, TfliteAttributeWriter> map) where T : struct
    {
        if (table is { } t) map(t, w);
        return true;
    }

    /// <summary>The explicit mappings; false when the options type has none.</summary>
    private static bool ReadExplicit(tflite.Operator op, tflite.BuiltinOptions type, TfliteAttributeWriter w) => type switch
    {
        tflite.BuiltinOptions.Conv2DOptions => Map(op.BuiltinOptions<tflite.Conv2DOptions>(), w, Conv2D),
        tflite.BuiltinOptions.DepthwiseConv2DOptions => Map(op.BuiltinOptions<tflite.DepthwiseConv2DOptions>(), w, DepthwiseConv2D),
        tflite.BuiltinOptions.TransposeConvOptions => Map(op.BuiltinOptions<tflite.TransposeConvOptions>(), w, TransposeConv),
        tflite.BuiltinOptions.Pool2DOptions => Map(op.BuiltinOptions<tflite.Pool2DOptions>(), w, Pool2D),
        tflite.BuiltinOptions.FullyConnectedOptions => Map(op.BuiltinOptions<tflite.FullyConnectedOptions>(), w, FullyConnected),
        tflite.BuiltinOptions.AddOptions => Map(op.BuiltinOptions<tflite.AddOptions>(), w, Add),
        tflite.BuiltinOptions.SubOptions => Map(op.BuiltinOptions<tflite.SubOptions>(), w, Sub),
        tflite.BuiltinOptions.MulOptions => Map(op.BuiltinOptions<tflite.MulOptions>(), w, Mul),
        tflite.BuiltinOptions.DivOptions => Map(op.BuiltinOptions<tflite.DivOptions>(), w, Div),
        tflite.BuiltinOptions.SoftmaxOptions => Map(op.BuiltinOptions<tflite.SoftmaxOptions>(), w, Softmax),
        tflite.BuiltinOptions.LeakyReluOptions => Map(op.BuiltinOptions<tflite.LeakyReluOptions>(), w, LeakyRelu),
        tflite.BuiltinOptions.L2NormOptions => Map(op.BuiltinOptions<tflite.L2NormOptions>(), w, L2Norm),
        tflite.BuiltinOptions.CastOptions => Map(op.BuiltinOptions<tflite.CastOptions>(), w, Cast),
        tflite.BuiltinOptions.ConcatenationOptions => Map(op.BuiltinOptions<tflite.ConcatenationOptions>(), w, Concatenation),
        tflite.BuiltinOptions.ReshapeOptions => Map(op.BuiltinOptions<tflite.ReshapeOptions>(), w, Reshape),
        tflite.BuiltinOptions.ReducerOptions => Map(op.BuiltinOptions<tflite.ReducerOptions>(), w, Reducer),
        tflite.BuiltinOptions.StridedSliceOptions => Map(op.BuiltinOptions<tflite.StridedSliceOptions>(), w, StridedSlice),
        tflite.BuiltinOptions.SqueezeOptions => Map(op.BuiltinOptions<tflite.SqueezeOptions>(), w, Squeeze),
        tflite.BuiltinOptions.SplitOptions => Map(op.BuiltinOptions<tflite.SplitOptions>(), w, Split),
        tflite.BuiltinOptions.SplitVOptions => Map(op.BuiltinOptions<tflite.SplitVOptions>(), w, SplitV),
        tflite.BuiltinOptions.GatherOptions => Map(op.BuiltinOptions<tflite.GatherOptions>(), w, Gather),
        tflite.BuiltinOptions.ResizeBilinearOptions => Map(op.BuiltinOptions<tflite.ResizeBilinearOptions>(), w, ResizeBilinear),
        tflite.BuiltinOptions.ResizeNearestNeighborOptions => Map(op.BuiltinOptions<tflite.ResizeNearestNeighborOptions>(), w, ResizeNearestNeighbor),
        tflite.BuiltinOptions.ArgMaxOptions => Map(op.BuiltinOptions<tflite.ArgMaxOptions>(), w, ArgMax),
        tflite.BuiltinOptions.ArgMinOptions => Map(op.BuiltinOptions<tflite.ArgMinOptions>(), w, ArgMin),
        tflite.BuiltinOptions.PackOptions => Map(op.BuiltinOptions<tflite.PackOptions>(), w, Pack),
        tflite.BuiltinOptions.UnpackOptions => Map(op.BuiltinOptions<tflite.UnpackOptions>(), w, Unpack),
        tflite.BuiltinOptions.ShapeOptions => Map(op.BuiltinOptions<tflite.ShapeOptions>(), w, ShapeOp),
        tflite.BuiltinOptions.SpaceToDepthOptions => Map(op.BuiltinOptions<tflite.SpaceToDepthOptions>(), w, SpaceToDepth),
        tflite.BuiltinOptions.DepthToSpaceOptions => Map(op.BuiltinOptions<tflite.DepthToSpaceOptions>(), w, DepthToSpace),
        // Tables with no fields: nothing to write.
        tflite.BuiltinOptions.PadOptions or tflite.BuiltinOptions.PadV2Options or tflite.BuiltinOptions.TransposeOptions
            or tflite.BuiltinOptions.QuantizeOptions or tflite.BuiltinOptions.DequantizeOptions
            or tflite.BuiltinOptions.ExpandDimsOptions or tflite.BuiltinOptions.HardSwishOptions
            or tflite.BuiltinOptions.LogSoftmaxOptions or tflite.BuiltinOptions.MaximumMinimumOptions => true,
        _ => false,
    };
}
