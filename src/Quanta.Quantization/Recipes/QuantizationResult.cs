using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>What <see cref="Quantizer.Quantize"/> produces: the prepared float model and the plan
/// for it. Emitters turn the two into a quantized model.</summary>
/// <param name="FloatModel">The float model after the preparation passes (a copy; the caller's
/// model is untouched). The plan's value and node names refer to it.</param>
/// <param name="Plan">The quantization decisions.</param>
/// <param name="Preparation">What each preparation pass did.</param>
/// <param name="Calibration">Which samples calibrated the ranges, or null when none were used.</param>
/// <param name="Verification">The held-back samples for verification, or null when there are none.</param>
public sealed record QuantizationResult(Model FloatModel, QuantizationPlan Plan, IReadOnlyList<PassReport> Preparation,
    SampleRange? Calibration, SampleRange? Verification);

/// <summary>A run of samples of a calibration dataset.</summary>
/// <param name="Data">The dataset.</param>
/// <param name="Start">The first sample.</param>
/// <param name="Count">How many.</param>
/// <param name="Method">The calibration method (for calibration samples).</param>
public sealed record SampleRange(ICalibrationDataset Data, int Start, int Count, CalibrationMethod? Method = null);
