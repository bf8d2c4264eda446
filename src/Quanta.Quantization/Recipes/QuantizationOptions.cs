using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>What to quantize and how.</summary>
public sealed record QuantizationOptions
{
    /// <summary>The mode.</summary>
    public QuantizationMode Mode { get; init; } = QuantizationMode.Int8;

    /// <summary>One scale per output channel for weights (the default); false gives one per tensor.</summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>How activation ranges are chosen.</summary>
    public CalibrationSettings Calibration { get; init; } = new();

    /// <summary>How many calibration samples to run (the first ones of the dataset).</summary>
    public int Samples { get; init; } = 500;

    /// <summary>How many further samples to hold back for verification (at most; fewer when the
    /// dataset is small).</summary>
    public int VerificationSamples { get; init; } = 100;

    /// <summary>Samples per calibration run.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Node names or op types to leave in float (quantize/dequantize at their borders).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The model's input and output type in <see cref="QuantizationMode.Int8"/> mode:
    /// <see cref="DataType.Float32"/> (quantize/dequantize inside the model, the default) or
    /// <see cref="DataType.Int8"/> (the caller feeds and reads int8 with the input's and output's
    /// parameters).</summary>
    public DataType InputOutputType { get; init; } = DataType.Float32;

    /// <summary>The ONNX form of an int8 model: QDQ (the default) or QOperator; read by
    /// <see cref="OnnxEmitter.Emit(QuantizationResult, QuantizationOptions)"/>.</summary>
    public OnnxQuantizedFormat OnnxFormat { get; init; } = OnnxQuantizedFormat.Qdq;
}
