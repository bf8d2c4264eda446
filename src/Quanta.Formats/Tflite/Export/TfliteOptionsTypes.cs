using System.Text;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Which options table each builtin operator carries (schema.fbs pairs them only in comments and
/// in TFLite's flatbuffer_conversions.cc). Ops whose table shares another op's name are listed;
/// the rest follow the schema's naming rule (SQUARED_DIFFERENCE → SquaredDifferenceOptions), and
/// ops with no such table carry none.
/// </summary>
internal static class TfliteOptionsTypes
{
    private static readonly Dictionary<string, tflite.BuiltinOptions> s_explicit = new(StringComparer.Ordinal)
    {
        ["CONV_2D"] = tflite.BuiltinOptions.Conv2DOptions,
        ["DEPTHWISE_CONV_2D"] = tflite.BuiltinOptions.DepthwiseConv2DOptions,
        ["TRANSPOSE_CONV"] = tflite.BuiltinOptions.TransposeConvOptions,
        ["CONV_3D"] = tflite.BuiltinOptions.Conv3DOptions,
        ["CONV_3D_TRANSPOSE"] = tflite.BuiltinOptions.Conv3DOptions,
        ["AVERAGE_POOL_2D"] = tflite.BuiltinOptions.Pool2DOptions,
        ["MAX_POOL_2D"] = tflite.BuiltinOptions.Pool2DOptions,
        ["L2_POOL_2D"] = tflite.BuiltinOptions.Pool2DOptions,
        ["L2_NORMALIZATION"] = tflite.BuiltinOptions.L2NormOptions,
        ["LOCAL_RESPONSE_NORMALIZATION"] = tflite.BuiltinOptions.LocalResponseNormalizationOptions,
        ["MEAN"] = tflite.BuiltinOptions.ReducerOptions,
        ["SUM"] = tflite.BuiltinOptions.ReducerOptions,
        ["REDUCE_MAX"] = tflite.BuiltinOptions.ReducerOptions,
        ["REDUCE_MIN"] = tflite.BuiltinOptions.ReducerOptions,
        ["REDUCE_PROD"] = tflite.BuiltinOptions.ReducerOptions,
        ["REDUCE_ANY"] = tflite.BuiltinOptions.ReducerOptions,
        ["REDUCE_ALL"] = tflite.BuiltinOptions.ReducerOptions,
        ["MAXIMUM"] = tflite.BuiltinOptions.MaximumMinimumOptions,
        ["MINIMUM"] = tflite.BuiltinOptions.MaximumMinimumOptions,
        ["TOPK_V2"] = tflite.BuiltinOptions.TopKV2Options,
        ["ARG_MAX"] = tflite.BuiltinOptions.ArgMaxOptions,
        ["ARG_MIN"] = tflite.BuiltinOptions.ArgMinOptions,
        ["PADV2"] = tflite.BuiltinOptions.PadV2Options,
        ["BATCH_TO_SPACE_ND"] = tflite.BuiltinOptions.BatchToSpaceNDOptions,
        ["SPACE_TO_BATCH_ND"] = tflite.BuiltinOptions.SpaceToBatchNDOptions,
        ["SPLIT_V"] = tflite.BuiltinOptions.SplitVOptions,
        ["GATHER_ND"] = tflite.BuiltinOptions.GatherNdOptions,
        ["REVERSE_V2"] = tflite.BuiltinOptions.ReverseV2Options,
        ["SELECT_V2"] = tflite.BuiltinOptions.SelectV2Options,
        ["BATCH_MATMUL"] = tflite.BuiltinOptions.BatchMatMulOptions,
        ["CUMSUM"] = tflite.BuiltinOptions.CumsumOptions,
        ["ADD_N"] = tflite.BuiltinOptions.AddNOptions,
        ["LSTM"] = tflite.BuiltinOptions.LSTMOptions,
        ["SVDF"] = tflite.BuiltinOptions.SVDFOptions,
        ["RNN"] = tflite.BuiltinOptions.RNNOptions,
        ["LSH_PROJECTION"] = tflite.BuiltinOptions.LSHProjectionOptions,
        ["UNIDIRECTIONAL_SEQUENCE_LSTM"] = tflite.BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        ["UNIDIRECTIONAL_SEQUENCE_RNN"] = tflite.BuiltinOptions.SequenceRNNOptions,
        ["BIDIRECTIONAL_SEQUENCE_LSTM"] = tflite.BuiltinOptions.BidirectionalSequenceLSTMOptions,
        ["BIDIRECTIONAL_SEQUENCE_RNN"] = tflite.BuiltinOptions.BidirectionalSequenceRNNOptions,
        ["NON_MAX_SUPPRESSION_V4"] = tflite.BuiltinOptions.NonMaxSuppressionV4Options,
        ["NON_MAX_SUPPRESSION_V5"] = tflite.BuiltinOptions.NonMaxSuppressionV5Options,
        ["RFFT2D"] = tflite.BuiltinOptions.Rfft2dOptions,
        ["ATAN2"] = tflite.BuiltinOptions.ATan2Options,
        ["RANDOM_UNIFORM"] = tflite.BuiltinOptions.RandomOptions,
        ["RANDOM_STANDARD_NORMAL"] = tflite.BuiltinOptions.RandomOptions,
        ["MULTINOMIAL"] = tflite.BuiltinOptions.RandomOptions,
    };

    /// <summary>The options table of <paramref name="opType"/>, or NONE.</summary>
    public static tflite.BuiltinOptions For(string opType)
    {
        if (s_explicit.TryGetValue(opType, out var type)) return type;
        string byName = PascalCase(opType) + "Options";
        return Enum.TryParse<tflite.BuiltinOptions>(byName, ignoreCase: true, out var found) && Enum.IsDefined(found)
            && found != tflite.BuiltinOptions.NONE ? found : tflite.BuiltinOptions.NONE;
    }

    /// <summary>SQUARED_DIFFERENCE → SquaredDifference (compared ignoring case, so that
    /// CONCAT_EMBEDDINGS, SPACE_TO_DEPTH, RESIZE_BILINEAR, … all match).</summary>
    private static string PascalCase(string opType)
    {
        var sb = new StringBuilder(opType.Length);
        foreach (string part in opType.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0]));
            sb.Append(part[1..].ToLowerInvariant());
        }
        return sb.ToString();
    }
}
