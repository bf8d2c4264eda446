using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>Representative inputs for calibration and verification, addressed by sample index.</summary>
public interface ICalibrationDataset
{
    /// <summary>What the samples are (for reports), e.g. "fashion-mnist (training split)".</summary>
    string Description { get; }

    /// <summary>How many samples there are.</summary>
    int Count { get; }

    /// <summary>Samples <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1
    /// as one batch: one tensor per model input, batch on axis 0.</summary>
    /// <exception cref="QuantaException">A sample cannot be read or does not fit the model.</exception>
    IReadOnlyList<Tensor> Batch(int start, int count);
}
