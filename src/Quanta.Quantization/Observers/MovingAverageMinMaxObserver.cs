namespace Quanta.Quantization;

/// <summary>
/// An exponential moving average of each sample's minimum and maximum:
/// <c>m ← m + c·(sample_min − m)</c>, started at the first sample's extremes. It forgets rare
/// outliers that plain min-max keeps forever (PyTorch's MovingAverageMinMaxObserver, TF's
/// quantization-aware ranges).
/// </summary>
public sealed class MovingAverageMinMaxObserver : IRangeObserver
{
    private readonly float _averagingConstant;
    private float _min;
    private float _max;
    private bool _started;

    /// <summary>Creates the observer.</summary>
    /// <param name="averagingConstant">The weight c of each new sample, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">c outside (0, 1].</exception>
    public MovingAverageMinMaxObserver(float averagingConstant = 0.01f)
    {
        if (!(averagingConstant > 0 && averagingConstant <= 1))
            throw new ArgumentOutOfRangeException(nameof(averagingConstant), averagingConstant, "must be in (0, 1]");
        _averagingConstant = averagingConstant;
    }

    /// <inheritdoc/>
    public bool HasData => _started;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        int per = values.Length / samples;
        for (int s = 0; s < samples; s++)
        {
            var part = s == samples - 1 ? values[(s * per)..] : values.Slice(s * per, per);
            var (min, max) = MinMaxObserver.Extremes(part);
            if (min > max) continue;
            if (!_started)
            {
                (_min, _max, _started) = (min, max, true);
                continue;
            }
            _min += _averagingConstant * (min - _min);
            _max += _averagingConstant * (max - _max);
        }
    }

    /// <inheritdoc/>
    public TensorRange ComputeRange(QuantTarget target)
    {
        if (!HasData) throw new InvalidOperationException("no values were observed");
        var range = new TensorRange(_min, _max);
        return target.Symmetric ? new TensorRange(-range.MaxAbs, range.MaxAbs) : range;
    }
}
