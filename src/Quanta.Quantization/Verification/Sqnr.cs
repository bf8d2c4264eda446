namespace Quanta.Quantization;

/// <summary>
/// Signal-to-quantization-noise ratio, accumulated over batches:
/// <c>SQNR = 10·log10(Σ x² / Σ (x − x̂)²)</c> dB, x the float model's values and x̂ the quantized
/// model's. Each int8 bit is worth about 6 dB; +∞ when the two agree exactly.
/// </summary>
public sealed class Sqnr
{
    private double _signal;
    private double _noise;

    /// <summary>Adds one batch of reference values and their quantized counterparts.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> quantized)
    {
        if (reference.Length != quantized.Length)
            throw new ArgumentException($"{reference.Length} reference values but {quantized.Length} quantized ones", nameof(quantized));
        for (int i = 0; i < reference.Length; i++)
        {
            double x = reference[i], e = x - quantized[i];
            _signal += x * x;
            _noise += e * e;
        }
    }

    /// <summary>The ratio in decibels (+∞ without noise; −∞ for a zero signal with noise).</summary>
    public double Decibels => _noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(_signal / _noise);
}
