namespace Quanta.Quantization;

/// <summary>The four TFLite post-training quantization modes.</summary>
public enum QuantizationMode
{
    /// <summary>Dynamic range: int8 weights; activations stay float and are quantized at run time
    /// (per batch row by TFLite's hybrid kernels; per tensor by ONNX's DynamicQuantizeLinear).
    /// Needs no calibration data.</summary>
    Dynamic,
    /// <summary>Full integer: int8 weights per channel, int8 activations from calibration, int32
    /// bias.</summary>
    Int8,
    /// <summary>Weights stored as IEEE half precision, computed in float.</summary>
    Float16,
    /// <summary>int16 activations (symmetric, zero point 0), int8 weights, int64 bias: for models
    /// that int8 activations hurt. TFLite only.</summary>
    Int16x8,
}

/// <summary>Names of the modes as the command line spells them.</summary>
public static class QuantizationModes
{
    /// <summary>Parses dynamic, int8, float16 or int16x8 (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Another name; the message lists the modes.</exception>
    public static QuantizationMode Parse(string name) => name.ToLowerInvariant() switch
    {
        "dynamic" or "dynamic-range" => QuantizationMode.Dynamic,
        "int8" or "full-integer" => QuantizationMode.Int8,
        "float16" or "fp16" => QuantizationMode.Float16,
        "int16x8" or "16x8" => QuantizationMode.Int16x8,
        _ => throw new ArgumentException($"unknown quantization mode '{name}' (use int8, dynamic, float16 or int16x8)", nameof(name)),
    };

    /// <summary>The command-line name of a mode.</summary>
    public static string NameOf(QuantizationMode mode) => mode switch
    {
        QuantizationMode.Dynamic => "dynamic",
        QuantizationMode.Int8 => "int8",
        QuantizationMode.Float16 => "float16",
        QuantizationMode.Int16x8 => "int16x8",
        _ => mode.ToString(),
    };

    /// <summary>True when the mode needs calibration data (activation ranges).</summary>
    public static bool NeedsCalibration(this QuantizationMode mode) => mode is QuantizationMode.Int8 or QuantizationMode.Int16x8;
}
