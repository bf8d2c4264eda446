using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Tests.NeuralNet;

/// <summary>
/// Builds a one-node graph in code and runs it through <see cref="InferenceSession"/>:
/// <c>new NodeCase("Conv").Input(x).Constant(w).Ints("pads", 1, 1, 1, 1).Run()</c>.
/// </summary>
internal sealed class NodeCase(string opType, string domain = OpDomains.Onnx)
{
    private readonly List<(Tensor? Tensor, bool IsConstant)> _inputs = [];
    private readonly List<Action<AttributeMap>> _attributes = [];
    private int _outputs = 1;

    /// <summary>Adds a graph input fed with <paramref name="tensor"/> at run time.</summary>
    public NodeCase Input(Tensor tensor) { _inputs.Add((tensor, false)); return this; }

    /// <summary>Adds a constant (initializer) input.</summary>
    public NodeCase Constant(Tensor tensor) { _inputs.Add((tensor, true)); return this; }

    /// <summary>Adds an absent optional input.</summary>
    public NodeCase Absent() { _inputs.Add((null, false)); return this; }

    /// <summary>Sets an integer attribute.</summary>
    public NodeCase Int(string name, long value) { _attributes.Add(a => a.Set(name, value)); return this; }

    /// <summary>Sets an integer-list attribute.</summary>
    public NodeCase Ints(string name, params long[] values) { _attributes.Add(a => a.Set(name, values)); return this; }

    /// <summary>Sets a float attribute.</summary>
    public NodeCase Float(string name, float value) { _attributes.Add(a => a.Set(name, value)); return this; }

    /// <summary>Sets a string attribute.</summary>
    public NodeCase String(string name, string value) { _attributes.Add(a => a.Set(name, value)); return this; }

    /// <summary>Sets the number of node outputs.</summary>
    public NodeCase Outputs(int count) { _outputs = count; return this; }

    /// <summary>Builds the model.</summary>
    public Model Build()
    {
        var g = new Graph();
        var inputs = new List<Value?>();
        for (int i = 0; i < _inputs.Count; i++)
        {
            var (t, isConstant) = _inputs[i];
            if (t is null) inputs.Add(null);
            else if (isConstant) inputs.Add(g.AddConstant($"c{i}", t));
            else inputs.Add(g.AddInput($"in{i}", t.Type, t.Shape));
        }
        var outputs = Enumerable.Range(0, _outputs).Select(i => g.AddValue($"out{i}")).ToList();
        var node = g.AddNode(opType, inputs, outputs, "node", domain);
        foreach (var set in _attributes) set(node.Attributes);
        g.Outputs.AddRange(outputs);
        return new Model(g, ModelFormat.None) { Opsets = { [""] = 17 } };
    }

    /// <summary>Runs the node and returns its outputs.</summary>
    public IReadOnlyList<Tensor> Run()
    {
        using var session = new InferenceSession(Build());
        var feeds = new Dictionary<string, Tensor>();
        for (int i = 0; i < _inputs.Count; i++)
        {
            if (_inputs[i] is { Tensor: { } t, IsConstant: false }) feeds[$"in{i}"] = t;
        }
        return session.Run(feeds).Select(t => t.Clone()).ToArray();
    }

    /// <summary>Runs the node and returns its first output's values.</summary>
    public float[] RunFloats() => Run()[0].ToArray<float>();
}

/// <summary>Tensor construction and comparison helpers for the neural-net tests.</summary>
internal static class Nn
{
    /// <summary>A float tensor of the given shape holding <paramref name="values"/>.</summary>
    public static Tensor F(int[] shape, params float[] values) => Tensor.FromArray(new Shape(shape), values);

    /// <summary>A float tensor holding 0, 1, 2, … .</summary>
    public static Tensor Iota(params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.FromArray(s, Enumerable.Range(0, (int)s.ElementCount).Select(i => (float)i).ToArray());
    }

    /// <summary>A float tensor of the given shape filled with <paramref name="value"/>.</summary>
    public static Tensor Fill(float value, params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.FromArray(s, Enumerable.Repeat(value, (int)s.ElementCount).ToArray());
    }

    /// <summary>Uniform random floats in [−1, 1).</summary>
    public static Tensor Random(Random rng, params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.FromArray(s, Enumerable.Range(0, (int)s.ElementCount).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
    }

    /// <summary>Asserts element-wise closeness: |a − e| ≤ atol + rtol·|e|.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-5f, float atol = 1e-5f)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (float.IsNaN(e) && float.IsNaN(a)) continue;
            if (!(MathF.Abs(a - e) <= atol + rtol * MathF.Abs(e)))
                Xunit.Assert.Fail($"element {i}: expected {e}, got {a} (|diff| {MathF.Abs(a - e)})");
        }
    }
}
