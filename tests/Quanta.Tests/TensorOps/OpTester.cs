using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.TensorOps;

/// <summary>
/// Runs one op in a one-node graph, twice: once with its inputs fed at run time (the plan binds a
/// kernel step, specialized on inputs that decide shapes) and once with every input a constant
/// (the compiler folds the node through the same kernel). Both must agree byte for byte.
/// </summary>
internal sealed class OpTester
{
    private readonly string _op;
    private readonly string _domain;
    private readonly List<Tensor?> _inputs = [];
    private readonly List<(string Name, AttributeValue Value)> _attributes = [];
    private readonly List<(DataType Type, QuantParams? Quant)> _declaredOutputs = [];
    private int _outputs = 1;

    private OpTester(string op, string domain) => (_op, _domain) = (op, domain);

    public static OpTester Onnx(string op) => new(op, OpDomains.Onnx);

    public static OpTester Tflite(string op) => new(op, OpDomains.Tflite);

    public OpTester Input(Tensor? tensor)
    {
        _inputs.Add(tensor);
        return this;
    }

    public OpTester Inputs(params Tensor?[] tensors)
    {
        _inputs.AddRange(tensors);
        return this;
    }

    public OpTester Attr(string name, long value) => Attr(name, AttributeValue.Of(value));

    public OpTester Attr(string name, float value) => Attr(name, AttributeValue.Of(value));

    public OpTester Attr(string name, string value) => Attr(name, AttributeValue.Of(value));

    public OpTester Ints(string name, params long[] value) => Attr(name, AttributeValue.Of(value));

    public OpTester Attr(string name, Tensor value) => Attr(name, AttributeValue.Of(value));

    public OpTester Attr(string name, AttributeValue value)
    {
        _attributes.Add((name, value));
        return this;
    }

    public OpTester Outputs(int count)
    {
        _outputs = count;
        return this;
    }

    /// <summary>Declares output 0's type and quantization, as an importer would.</summary>
    public OpTester Output(DataType type, QuantParams? quant = null)
    {
        _declaredOutputs.Add((type, quant));
        return this;
    }

    /// <summary>Runs with run-time inputs and with constant inputs; returns the run-time outputs.</summary>
    public IReadOnlyList<Tensor> Run()
    {
        var dynamic = RunOnce(constant: false, out var plan);
        // One step, unless every input decides shapes (Range, ConstantOfShape): the plan is then
        // specialized on their values and the node folds in both modes.
        var shapeInputs = OpSchemas.Find(_domain, _op)!.ShapeInputs;
        bool allDecideShapes = Enumerable.Range(0, _inputs.Count).All(i => _inputs[i] is null || shapeInputs.Contains(i));
        Assert.Equal(allDecideShapes ? 0 : 1, plan.Steps.Count);
        var folded = RunOnce(constant: true, out var foldedPlan);
        Assert.Empty(foldedPlan.Steps);
        Assert.Equal(dynamic.Count, folded.Count);
        for (int i = 0; i < dynamic.Count; i++)
        {
            Assert.Equal(dynamic[i].Type, folded[i].Type);
            Assert.Equal(dynamic[i].Shape, folded[i].Shape);
            Assert.Equal(dynamic[i].Bytes.ToArray(), folded[i].Bytes.ToArray());
        }
        return dynamic;
    }

    /// <summary>Runs with run-time inputs only (for ops whose inputs cannot all be constants, or
    /// to see the error a run raises).</summary>
    public IReadOnlyList<Tensor> RunDynamic() => RunOnce(constant: false, out _);

    /// <summary>Output 0 of <see cref="Run"/>.</summary>
    public Tensor Run0() => Run()[0];

    /// <summary>Builds the graph (without running) for shape-inference tests.</summary>
    public Model Build(bool constant, Shape?[]? declaredShapes = null)
    {
        var g = new Graph();
        var ins = new List<Value?>();
        for (int i = 0; i < _inputs.Count; i++)
        {
            var t = _inputs[i];
            if (t is null) { ins.Add(null); continue; }
            Value v;
            if (constant)
            {
                v = g.AddConstant($"in{i}", t);
            }
            else
            {
                v = g.AddInput($"in{i}", t.Type, declaredShapes?[i] ?? t.Shape);
            }
            v.Quant = t.Quant;
            ins.Add(v);
        }
        var outs = new List<Value>();
        for (int i = 0; i < _outputs; i++)
        {
            var v = g.AddValue($"out{i}");
            if (i < _declaredOutputs.Count) (v.Type, v.Quant) = _declaredOutputs[i];
            outs.Add(v);
        }
        var node = g.AddNode(_op, ins, outs, "node", _domain);
        foreach (var (name, value) in _attributes) node.Attributes.Set(name, value);
        g.Outputs.AddRange(outs);
        return new Model(g, ModelFormat.None) { Opsets = { [""] = 17 } };
    }

    private IReadOnlyList<Tensor> RunOnce(bool constant, out ExecutionPlan plan)
    {
        using var session = new InferenceSession(Build(constant));
        var feeds = constant ? [] : _inputs.Where(t => t is not null).Select(t => t!).ToArray();
        plan = session.PlanFor(feeds);
        return session.Run(feeds);
    }
}
