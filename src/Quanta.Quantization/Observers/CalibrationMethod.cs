namespace Quanta.Quantization;

/// <summary>How activation ranges are chosen from calibration data.</summary>
public enum CalibrationMethod
{
    /// <summary>The exact extremes (<see cref="MinMaxObserver"/>).</summary>
    MinMax,
    /// <summary>A moving average of per-sample extremes (<see cref="MovingAverageMinMaxObserver"/>).</summary>
    MovingAverage,
    /// <summary>Percentiles of a streamed histogram (<see cref="PercentileRangeSelector"/>).</summary>
    Percentile,
    /// <summary>Least KL divergence over a streamed histogram (<see cref="EntropyRangeSelector"/>).</summary>
    Entropy,
    /// <summary>Least expected squared error over a streamed histogram (<see cref="MseRangeSelector"/>).</summary>
    Mse,
}

/// <summary>Settings of the observers, and the factory that makes one per tensor.</summary>
public sealed record CalibrationSettings
{
    /// <summary>The method.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;

    /// <summary>Histogram bins for the histogram methods (a multiple of 4).</summary>
    public int HistogramBins { get; init; } = 4096;

    /// <summary>The percentile of <see cref="CalibrationMethod.Percentile"/>.</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>The averaging constant of <see cref="CalibrationMethod.MovingAverage"/>.</summary>
    public float AveragingConstant { get; init; } = 0.01f;

    /// <summary>A new observer for one tensor.</summary>
    public IRangeObserver CreateObserver() => Method switch
    {
        CalibrationMethod.MinMax => new MinMaxObserver(),
        CalibrationMethod.MovingAverage => new MovingAverageMinMaxObserver(AveragingConstant),
        CalibrationMethod.Percentile => new HistogramObserver(new PercentileRangeSelector(Percentile), HistogramBins),
        CalibrationMethod.Entropy => new HistogramObserver(new EntropyRangeSelector(), HistogramBins),
        CalibrationMethod.Mse => new HistogramObserver(new MseRangeSelector(), HistogramBins),
        _ => throw new ArgumentOutOfRangeException(nameof(Method), Method, "unknown calibration method"),
    };

    /// <summary>Parses a method name as the command line spells it: minmax, moving-average,
    /// percentile, entropy, mse (case-insensitive).</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static CalibrationMethod ParseMethod(string name) => name.ToLowerInvariant() switch
    {
        "minmax" or "min-max" => CalibrationMethod.MinMax,
        "moving-average" or "movingaverage" => CalibrationMethod.MovingAverage,
        "percentile" => CalibrationMethod.Percentile,
        "entropy" or "kl" => CalibrationMethod.Entropy,
        "mse" => CalibrationMethod.Mse,
        _ => throw new ArgumentException($"unknown calibration method '{name}' (use minmax, moving-average, percentile, entropy or mse)", nameof(name)),
    };

    /// <summary>The command-line spelling of a method.</summary>
    public static string NameOf(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "minmax",
        CalibrationMethod.MovingAverage => "moving-average",
        CalibrationMethod.Percentile => "percentile",
        CalibrationMethod.Entropy => "entropy",
        CalibrationMethod.Mse => "mse",
        _ => method.ToString(),
    };
}
