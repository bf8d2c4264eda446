using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>What every TFLite emitter does last: the graph as a TFLite model, verified, shapes
/// inferred, and the observables for per-layer comparison.</summary>
internal static class TfliteEmission
{
    /// <summary>Wraps the emitted graph of <paramref name="lowered"/> as a TFLite-format model.</summary>
    /// <remarks>Observables are the float model's values whose counterpart has the same shape and is
    /// not an NHWC activation (rank 4 tensors changed layout, so element-wise comparison would be
    /// meaningless): fully-connected outputs, logits, pooled vectors.</remarks>
    public static EmittedModel Finish(Model floatModel, Model lowered)
    {
        var g = lowered.Graph;
        GraphVerifier.Verify(g);
        GraphShapeInference.Run(g, 17, []);
        var model = new Model(g, ModelFormat.Tflite)
        {
            Description = "Quanta post-training quantization",
            Producer = "Quanta",
        };
        model.Opsets[OpDomains.Tflite] = 3;
        var observables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in g.Values.Where(v => !v.IsConstant && v.Producer is not null))
        {
            if (TflitePlanMapping.FloatName(floatModel.Graph, v) is not { } name || observables.ContainsKey(name)) continue;
            var f = floatModel.Graph.GetValue(name);
            if (f.Shape is { Rank: < 4 } fs && v.Shape is { } vs && fs.ToString() == vs.ToString()) observables[name] = v.Name;
        }
        return new EmittedModel(model, observables);
    }
}
