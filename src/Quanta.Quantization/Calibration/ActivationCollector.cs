using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Quantization;

/// <summary>
/// Runs a float model over calibration samples with chosen intermediate values made observable,
/// and streams each batch of each value into that value's observer.
/// </summary>
/// <remarks>
/// The values are made graph outputs of a copy of the model, so that whatever the runtime does
/// to the graph (fusion, layout changes) these values are still computed and returned; only one
/// batch's values live at a time, and the observers keep a fixed-size state.
/// </remarks>
public static class ActivationCollector
{
    /// <summary>Observes <paramref name="values"/> over the samples [0, <paramref name="count"/>).</summary>
    /// <param name="model">The float model (not changed).</param>
    /// <param name="values">Names of the values to observe.</param>
    /// <param name="data">The samples.</param>
    /// <param name="count">How many samples to run (at most the dataset's count).</param>
    /// <param name="batchSize">Samples per run.</param>
    /// <param name="createObserver">Makes the observer of the named value.</param>
    /// <param name="progress">Receives the number of samples done after each batch.</param>
    /// <param name="cancellation">Stops between batches.</param>
    /// <returns>The observer of each value.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IReadOnlyDictionary<string, IRangeObserver> Collect(Model model, IEnumerable<string> values, ICalibrationDataset data, int count,
        int batchSize, Func<string, IRangeObserver> createObserver, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(createObserver);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var observed = model.Clone();
        var graph = observed.Graph;
        var names = values.Distinct(StringComparer.Ordinal).ToList();
        var observers = names.ToDictionary(n => n, createObserver, StringComparer.Ordinal);
        foreach (string name in names)
        {
            var v = graph.GetValue(name);
            if (!graph.Outputs.Contains(v)) graph.Outputs.Add(v);
        }
        var positions = names.ToDictionary(n => n, n => graph.Outputs.FindIndex(v => v.Name == n), StringComparer.Ordinal);

        count = Math.Min(count, data.Count);
        using var session = new InferenceSession(observed);
        int done = 0;
        for (int start = 0; start < count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, count - start);
            var outputs = session.Run(data.Batch(start, n).ToArray());
            foreach (var (name, observer) in observers)
            {
                var t = outputs[positions[name]];
                if (t.Type == DataType.Float32) observer.Observe(t.AsSpan<float>(), n);
            }
            done += n;
            progress?.Report(done);
        }
        return observers;
    }
}
