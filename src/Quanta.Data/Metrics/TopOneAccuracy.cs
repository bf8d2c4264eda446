using Quanta.Core;

namespace Quanta.Data.Metrics;

/// <summary>Counts top-1 hits: a prediction is right when the arg-max equals the label.</summary>
public sealed class TopOneAccuracy
{
    /// <summary>Number of predictions seen.</summary>
    public int Count { get; private set; }

    /// <summary>Number of right predictions.</summary>
    public int Correct { get; private set; }

    /// <summary>Correct ÷ count (0 before any prediction).</summary>
    public double Value => Count == 0 ? 0 : (double)Correct / Count;

    /// <summary>Adds one prediction.</summary>
    public void Add(int predicted, int label)
    {
        Count++;
        if (predicted == label) Correct++;
    }

    /// <summary>Adds a batch: the rows' arg-max against their labels.</summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public void Add(Tensor scores, ReadOnlySpan<byte> labels)
    {
        var predicted = Classification.ArgMaxRows(scores);
        if (predicted.Length != labels.Length)
            throw new ArgumentException($"{predicted.Length} score rows for {labels.Length} labels", nameof(labels));
        for (int i = 0; i < predicted.Length; i++) Add(predicted[i], labels[i]);
    }
}
