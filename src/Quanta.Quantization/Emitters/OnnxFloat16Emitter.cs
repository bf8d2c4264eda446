using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Writes a float16 plan: each planned weight is stored as IEEE half precision and cast back to
/// float32 by a Cast node, so every op still computes in float32 (TFLite's float16 mode, where
/// DEQUANTIZE does the cast). Constant folding keeps these casts (they mark the storage type);
/// runtimes fold them once when they load the model.
/// </summary>
public static class OnnxFloat16Emitter
{
    /// <summary>The float16 model of a float16 <paramref name="result"/>.</summary>
    /// <exception cref="UnsupportedException">The plan is not in float16 mode.</exception>
    public static EmittedModel Emit(QuantizationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plan = result.Plan;
        if (plan.Mode != QuantizationMode.Float16)
            throw new UnsupportedException($"the float16 form holds float16 plans; this plan is {QuantizationModes.NameOf(plan.Mode)}");
        var model = result.FloatModel.Clone();
        var g = model.Graph;
        var readers = g.BuildConsumerMap();
        foreach (var (v, q) in GraphEdits.PlannedValues(g, plan))
        {
            if (q.Type != DataType.Float16 || v.Constant is not { } c) continue;
            var half = g.AddConstant(g.UniqueName(v.Name + "_fp16"), ToHalf(c));
            var cast = g.AddValue(g.UniqueName(v.Name + "_fp32"), DataType.Float32, c.Shape);
            g.AddNode("Cast", [half], [cast], g.UniqueName(v.Name + "_Cast")).Attributes.Set("to", (long)DataType.Float32);
            foreach (var r in readers.GetValueOrDefault(v) ?? []) GraphEdits.Reroute(r, v, cast);
        }
        GraphEdits.Finish(model);
        return new EmittedModel(model, GraphEdits.SameNamedValues(result.FloatModel.Graph, g));
    }

    /// <summary>Rounds each float to the nearest half (ties to even; beyond ±65504 to ±∞, as IEEE
    /// conversion does).</summary>
    internal static Tensor ToHalf(Tensor t)
    {
        var src = t.AsSpan<float>();
        var dst = new Half[src.Length];
        for (int i = 0; i < dst.Length; i++) dst[i] = (Half)src[i];
        return Tensor.FromArray(t.Shape, dst);
    }
}
