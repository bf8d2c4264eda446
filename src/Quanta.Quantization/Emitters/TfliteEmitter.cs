using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Writes a quantization result as a TFLite-domain model (NHWC TFLite builtins, decision 0002),
/// ready for <c>TfliteExporter</c>: the float graph is lowered to TFLite float ops first, then
/// quantized the way the TFLite converter does for the mode (docs/decisions/0006).
/// </summary>
/// <example>
/// <code>
/// var result = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Int8 }).Quantize(model, data);
/// File.WriteAllBytes("model.tflite", TfliteExporter.Export(TfliteEmitter.Emit(result).Model));
/// </code>
/// </example>
public static class TfliteEmitter
{
    /// <summary>The TFLite-domain model of <paramref name="result"/>, in any of the four modes.</summary>
    /// <exception cref="UnsupportedException">An op with no TFLite counterpart, named.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Plan.Mode switch
        {
            QuantizationMode.Int8 or QuantizationMode.Int16x8 => TfliteIntegerEmitter.Emit(result),
            QuantizationMode.Float16 => TfliteWeightOnlyEmitter.EmitFloat16(result),
            QuantizationMode.Dynamic => TfliteWeightOnlyEmitter.EmitDynamic(result),
            _ => throw new UnsupportedException($"no TFLite form for mode {result.Plan.Mode}"),
        };
    }
}
