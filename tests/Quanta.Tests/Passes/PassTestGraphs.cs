using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Passes;

/// <summary>Small graphs and a before/after comparison for pass tests.</summary>
internal static class PassTestGraphs
{
    public static Tensor Random(Shape shape, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var data = new float[shape.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return Tensor.FromArray(shape, data);
    }

    public static Tensor Positive(Shape shape, int seed)
    {
        var t = Random(shape, seed);
        var s = t.AsSpan<float>();
        for (int i = 0; i < s.Length; i++) s[i] = Math.Abs(s[i]) + 0.1f;
        return t;
    }

    public static Model ModelOf(Graph g) => new(g, ModelFormat.None) { Opsets = { [""] = 17 } };

    public static float[] Run(Model model, params Tensor[] inputs)
    {
        using var session = new InferenceSession(model, new SessionOptions { MaxIsa = Isa.Reference });
        return session.Run(inputs)[0].ToArray<float>();
    }

    /// <summary>Runs <paramref name="build"/>'s graph before and after <paramref name="pass"/> and
    /// asserts the outputs agree within <paramref name="tolerance"/>; returns the rewritten graph.</summary>
    public static Graph AssertSameOutputs(Func<Graph> build, IGraphPass pass, int expectedRewrites, float tolerance, params Tensor[] inputs)
    {
        var before = Run(ModelOf(build()), inputs);
        var g = build();
        var reports = GraphPasses.Run(g, 17, [pass]);
        Assert.Equal(expectedRewrites, reports[0].Rewrites);
        var after = Run(ModelOf(g), inputs);
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++) Assert.True(Math.Abs(before[i] - after[i]) <= tolerance * (1 + Math.Abs(before[i])), $"element {i}: {before[i]} before, {after[i]} after");
        return g;
    }
}
