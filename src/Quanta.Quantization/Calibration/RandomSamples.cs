using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Deterministic standard-normal samples for a float model's inputs: what verification runs when
/// no representative data was given (the weight-only modes need none). Unknown dimensions past
/// the batch become 1. Less telling than real data, but enough to catch a broken model and to
/// rank layers by SQNR.
/// </summary>
public sealed class RandomSamples : ICalibrationDataset
{
    private readonly (DataType Type, int[] Dims)[] _inputs;
    private readonly int _seed;

    /// <summary>Samples for <paramref name="model"/>'s inputs.</summary>
    /// <exception cref="InvalidInputException">An input is not float32.</exception>
    public RandomSamples(Model model, int count, int seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _inputs = model.Graph.Inputs.Select(v => v.Type == DataType.Float32
            ? (v.Type, (v.Shape?.ToArray() ?? [1]).Select(d => d == Shape.Unknown ? 1 : d).ToArray())
            : throw new InvalidInputException($"input '{v.Name}' is {v.Type}; random verification samples are float32")).ToArray();
        Count = count;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Description => "random N(0, 1) inputs";

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Batch(int start, int count) => _inputs.Select((input, i) =>
    {
        var dims = (int[])input.Dims.Clone();
        if (dims.Length > 0) dims[0] = count;
        var shape = new Shape(dims);
        var rng = new Random(_seed + 7919 * start + i);
        var data = new float[shape.ElementCount];
        for (int k = 0; k < data.Length; k++)
            data[k] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return Tensor.FromArray<float>(shape, data);
    }).ToArray();
}
