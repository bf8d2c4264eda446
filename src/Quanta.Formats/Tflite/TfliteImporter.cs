using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Reads TensorFlow Lite flatbuffer models into Quanta's IR (decision 0002): TFLite builtins in
/// domain <c>tflite</c> under their schema names, options as snake_case attributes, quantization
/// parameters on values, constants from the model's buffers.
/// </summary>
/// <remarks>
/// Subgraph 0 is the graph; further subgraphs (bodies of WHILE, IF, CALL_ONCE) are counted in
/// <see cref="Model.Metadata"/> but not imported, and the ops that call them import as ordinary
/// nodes the runtime reports as unsupported. The file is untrusted: every length is checked before
/// it drives a loop or an allocation, and any failure inside the flatbuffer runtime is reported as
/// a <see cref="ModelFormatException"/> naming where in the model it happened.
/// </remarks>
public static class TfliteImporter
{
    /// <summary>The domain of TFLite custom operators; their op type is the custom code.</summary>
    public const string CustomDomain = "tflite.custom";

    /// <summary>Imports a TFLite model (its first subgraph as the main graph).</summary>
    /// <param name="bytes">The .tflite file's contents. Not kept: constants are copied out of it.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <exception cref="ModelFormatException">Malformed flatbuffer or inconsistent model.</exception>
    /// <exception cref="UnsupportedException">A tensor type, quantization scheme or storage layout Quanta does not support.</exception>
    /// <exception cref="QuantizationParameterException">A tensor's quantization parameters are invalid.</exception>
    public static Model Import(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        TfliteFileHeader.Check(bytes, sourceName);
        TfliteReadContext? ctx = null;
        try
        {
            ctx = new TfliteReadContext(bytes, sourceName);
            return ImportModel(ctx);
        }
        catch (GraphValidationException e)
        {
            throw new ModelFormatException(sourceName, $"inconsistent model at {ctx?.Location}: {e.Message}", e);
        }
        catch (Exception e) when (e is not QuantaException)
        {
            // The flatbuffer runtime reports a corrupt offset or length as IndexOutOfRange,
            // ArgumentOutOfRange, Overflow, InvalidCast, … — all of them mean a malformed file here.
            throw new ModelFormatException(sourceName, $"malformed flatbuffer at {ctx?.Location ?? "the model header"}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static Model ImportModel(TfliteReadContext ctx)
    {
        int subgraphCount = ctx.TableVectorLength(ctx.Root.SubgraphsLength, "the subgraph list");
        if (subgraphCount == 0) throw ctx.Error("the model has no subgraphs");
        var codes = TfliteOperatorCodes.ReadAll(ctx);
        var graph = TfliteSubgraphReader.Read(ctx, 0, codes);
        var model = new Model(graph, ModelFormat.Tflite);
        TfliteModelInfo.Read(ctx, model, subgraphCount);

        ctx.Location = "graph verification";
        GraphVerifier.Verify(graph);
        ctx.Location = "shape inference";
        GraphShapeInference.Run(graph, model.Opset);
        return model;
    }
}
