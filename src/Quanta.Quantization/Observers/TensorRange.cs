namespace Quanta.Quantization;

/// <summary>A real-valued range [Min, Max] that a tensor's quantization must cover.</summary>
/// <param name="Min">The lowest value to represent.</param>
/// <param name="Max">The highest value to represent.</param>
public readonly record struct TensorRange(float Min, float Max)
{
    /// <summary>The range widened to contain 0, so that real 0 has an exact code (zero padding,
    /// ReLU, and the zero point all rely on it).</summary>
    public TensorRange WithZero() => new(Math.Min(Min, 0f), Math.Max(Max, 0f));

    /// <summary>The largest magnitude in the range.</summary>
    public float MaxAbs => Math.Max(Math.Abs(Min), Math.Abs(Max));

    /// <summary>Formats as <c>[-1.5, 6]</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Min:G6}, {Max:G6}]");
}

/// <summary>What the range will be quantized to: how many integer levels, and whether the
/// range must be symmetric around 0 (zero point 0, as int16 activations and weights need).</summary>
/// <param name="Levels">Number of integer codes (256 for int8, 65536 for int16).</param>
/// <param name="Symmetric">True when the range must be [−t, t].</param>
public readonly record struct QuantTarget(int Levels, bool Symmetric)
{
    /// <summary>int8 asymmetric activations.</summary>
    public static QuantTarget Int8Activations { get; } = new(256, false);

    /// <summary>int16 symmetric activations (the 16x8 scheme).</summary>
    public static QuantTarget Int16Activations { get; } = new(65536, true);
}

/// <summary>
/// Watches the values a tensor takes during calibration and proposes the range to quantize it
/// with. Observers are streaming: their state has a fixed size whatever the number of batches.
/// </summary>
public interface IRangeObserver
{
    /// <summary>Records one batch.</summary>
    /// <param name="values">The batch's values, sample after sample.</param>
    /// <param name="samples">How many samples the batch holds (≥ 1); observers that average per
    /// sample split <paramref name="values"/> into this many equal parts.</param>
    void Observe(ReadOnlySpan<float> values, int samples);

    /// <summary>True once at least one finite value was observed.</summary>
    bool HasData { get; }

    /// <summary>The range to quantize with, for <paramref name="target"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed.</exception>
    TensorRange ComputeRange(QuantTarget target);
}
