using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>The two ONNX forms of an int8 model (see decision 0007).</summary>
public enum OnnxQuantizedFormat
{
    /// <summary>QuantizeLinear/DequantizeLinear around float ops (<see cref="OnnxQdqEmitter"/>): the
    /// form ONNX Runtime's own quantizer writes by default and runtimes fuse.</summary>
    Qdq,
    /// <summary>Integer ops with scale and zero-point inputs (<see cref="OnnxQOperatorEmitter"/>):
    /// QLinearConv, QGemm, QLinearAdd, QLinear pools.</summary>
    QOperator,
}

/// <summary>Writes a quantization result as an ONNX model in the form its mode and the chosen
/// int8 format call for.</summary>
public static class OnnxEmitter
{
    /// <summary>The command-line names of <see cref="OnnxQuantizedFormat"/>, in order.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["qdq", "qoperator"];

    /// <summary>Parses qdq or qoperator (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Another name; the message lists the formats.</exception>
    public static OnnxQuantizedFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "qdq" => OnnxQuantizedFormat.Qdq,
        "qoperator" or "qop" => OnnxQuantizedFormat.QOperator,
        _ => throw new ArgumentException($"unknown ONNX format '{name}' (use qdq or qoperator)", nameof(name)),
    };

    /// <summary>The ONNX model of <paramref name="result"/> in the form <paramref name="options"/> chose.</summary>
    /// <exception cref="UnsupportedException">See <see cref="Emit(QuantizationResult, OnnxQuantizedFormat)"/>.</exception>
    public static EmittedModel Emit(QuantizationResult result, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Emit(result, options.OnnxFormat);
    }

    /// <summary>The ONNX model of <paramref name="result"/>: int8 in <paramref name="format"/>,
    /// dynamic and float16 in their single form.</summary>
    /// <exception cref="UnsupportedException">A mode ONNX cannot hold (int16x8), or QOperator
    /// asked for a mode other than int8.</exception>
    public static EmittedModel Emit(QuantizationResult result, OnnxQuantizedFormat format = OnnxQuantizedFormat.Qdq)
    {
        ArgumentNullException.ThrowIfNull(result);
        var mode = result.Plan.Mode;
        if (format == OnnxQuantizedFormat.QOperator && mode != QuantizationMode.Int8)
            throw new UnsupportedException($"the QOperator form holds int8 models, not {QuantizationModes.NameOf(mode)}");
        return mode switch
        {
            QuantizationMode.Int8 when format == OnnxQuantizedFormat.QOperator => OnnxQOperatorEmitter.Emit(result),
            QuantizationMode.Int8 => OnnxQdqEmitter.Emit(result),
            QuantizationMode.Dynamic => OnnxDynamicEmitter.Emit(result),
            QuantizationMode.Float16 => OnnxFloat16Emitter.Emit(result),
            _ => throw new UnsupportedException($"{QuantizationModes.NameOf(mode)} models cannot be written to ONNX"),
        };
    }
}
