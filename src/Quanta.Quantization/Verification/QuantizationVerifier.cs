using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Quantization;

/// <summary>The SQNR of one quantized layer output.</summary>
/// <param name="Value">The float model's value.</param>
/// <param name="Node">The node producing it.</param>
/// <param name="OpType">That node's op.</param>
/// <param name="Decibels">Its SQNR.</param>
public sealed record LayerSqnr(string Value, string Node, string OpType, double Decibels);

/// <summary>How the quantized model compares with the float one on held-back samples.</summary>
/// <param name="Samples">How many samples were run.</param>
/// <param name="OutputDecibels">SQNR of each model output, in output order.</param>
/// <param name="Top1Agreement">For outputs shaped [N, classes]: the share of samples whose arg-max
/// class is the same in both models (first output); null otherwise.</param>
/// <param name="Layers">Every compared layer output, worst SQNR first.</param>
public sealed record VerificationReport(int Samples, IReadOnlyList<double> OutputDecibels, double? Top1Agreement, IReadOnlyList<LayerSqnr> Layers)
{
    /// <summary>The <paramref name="count"/> layers with the lowest SQNR.</summary>
    public IEnumerable<LayerSqnr> Worst(int count = 5) => Layers.Take(count);
}

/// <summary>
/// Runs the quantized model beside the float one on samples that calibration did not see, and
/// measures how far apart they are: per model output, per quantized layer, and in top-1.
/// </summary>
/// <remarks>The model outputs come from a plain session over the quantized model (what users
/// will run, integer kernels where the runtime fuses them); the per-layer values from a second
/// session where each compared value is also a graph output.</remarks>
public static class QuantizationVerifier
{
    /// <summary>Compares <paramref name="quantized"/> with <paramref name="floatModel"/> on the samples of <paramref name="samples"/>.</summary>
    /// <param name="floatModel">The prepared float model.</param>
    /// <param name="quantized">The quantized model and its observables.</param>
    /// <param name="samples">The held-back samples.</param>
    /// <param name="batchSize">Samples per run.</param>
    /// <param name="cancellation">Stops between batches.</param>
    /// <exception cref="QuantaException">A model cannot run (e.g. an op without a kernel).</exception>
    public static VerificationReport Verify(Model floatModel, EmittedModel quantized, SampleRange samples, int batchSize = 50, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(floatModel);
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(samples);
        var layers = quantized.Observables.Where(o => floatModel.Graph.FindValue(o.Key) is { Producer: not null } v && !floatModel.Graph.Outputs.Contains(v))
            .OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        using var floatSession = new InferenceSession(WithOutputs(floatModel, layers.Select(l => l.Key)));
        using var plain = new InferenceSession(quantized.Model);
        using var probed = new InferenceSession(WithOutputs(quantized.Model, layers.Select(l => l.Value)));
        int outputs = floatModel.Graph.Outputs.Count;
        var outputSqnr = Enumerable.Range(0, outputs).Select(_ => new Sqnr()).ToArray();
        var layerSqnr = layers.Select(_ => new Sqnr()).ToArray();
        int agree = 0, compared = 0;
        for (int start = samples.Start; start < samples.Start + samples.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, samples.Start + samples.Count - start);
            var batch = samples.Data.Batch(start, n);
            var reference = floatSession.Run(batch.ToArray());
            var actual = plain.Run(AdaptInputs(quantized.Model, batch));
            for (int o = 0; o < outputs; o++) outputSqnr[o].Add(reference[o].AsSpan<float>(), AsFloats(actual[o]));
            if (reference[0].Shape is { Rank: 2 } s && s[1] > 1)
            {
                var (a, c) = CountAgreement(reference[0].AsSpan<float>(), AsFloats(actual[0]), s[1]);
                agree += a;
                compared += c;
            }
            var probes = probed.Run(AdaptInputs(quantized.Model, batch));
            for (int l = 0; l < layers.Count; l++) layerSqnr[l].Add(reference[outputs + l].AsSpan<float>(), AsFloats(probes[quantized.Model.Graph.Outputs.Count + l]));
        }
        var graph = floatModel.Graph;
        var report = layers.Select((l, i) => new LayerSqnr(l.Key, graph.GetValue(l.Key).Producer!.Name, graph.GetValue(l.Key).Producer!.OpType, layerSqnr[i].Decibels))
            .OrderBy(l => l.Decibels).ToList();
        return new VerificationReport(samples.Count, outputSqnr.Select(s => s.Decibels).ToArray(), compared > 0 ? agree / (double)compared : null, report);
    }

    private static Model WithOutputs(Model model, IEnumerable<string> names)
    {
        var copy = model.Clone();
        foreach (string name in names) copy.Graph.Outputs.Add(copy.Graph.GetValue(name));
        return copy;
    }

    /// <summary>Float batches for the quantized model's inputs: int8/uint8 inputs with parameters
    /// get the samples quantized with them.</summary>
    private static Tensor[] AdaptInputs(Model model, IReadOnlyList<Tensor> batch) => batch.Select((t, i) =>
        model.Graph.Inputs[i] is { Type: DataType.Int8 or DataType.UInt8, Quant: { } q } input
            ? QuantScheme.Quantize(t, input.Type, q)
            : t).ToArray();

    private static float[] AsFloats(Tensor t) => t.Type == DataType.Float32
        ? t.ToArray<float>()
        : t.Quant is { } q ? QuantScheme.Dequantize(t, q) : t.ToFloatArray();

    private static (int Agree, int Rows) CountAgreement(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int classes)
    {
        int agree = 0, rows = a.Length / classes;
        for (int r = 0; r < rows; r++)
        {
            if (ArgMax(a.Slice(r * classes, classes)) == ArgMax(b.Slice(r * classes, classes))) agree++;
        }
        return (agree, rows);
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best]) best = i;
        }
        return best;
    }
}
