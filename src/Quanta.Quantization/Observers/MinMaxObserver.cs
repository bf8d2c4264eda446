namespace Quanta.Quantization;

/// <summary>The exact lowest and highest value seen (TFLite's and ONNX Runtime's default).
/// Non-finite values are ignored.</summary>
public sealed class MinMaxObserver : IRangeObserver
{
    private float _min = float.PositiveInfinity;
    private float _max = float.NegativeInfinity;

    /// <inheritdoc/>
    public bool HasData => _min <= _max;

    /// <summary>The lowest value seen.</summary>
    public float Min => _min;

    /// <summary>The highest value seen.</summary>
    public float Max => _max;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values, int samples)
    {
        var (min, max) = Extremes(values);
        _min = Math.Min(_min, min);
        _max = Math.Max(_max, max);
    }

    /// <inheritdoc/>
    public TensorRange ComputeRange(QuantTarget target)
    {
        if (!HasData) throw new InvalidOperationException("no values were observed");
        var range = new TensorRange(_min, _max);
        return target.Symmetric ? new TensorRange(-range.MaxAbs, range.MaxAbs) : range;
    }

    /// <summary>The finite extremes of <paramref name="values"/> (+∞, −∞ when there are none).</summary>
    internal static (float Min, float Max) Extremes(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }
}
