using System.Diagnostics;
using Quanta.Core;
using Quanta.Formats;

namespace Quanta.Runtime;

/// <summary>
/// Runs a model. The session verifies the graph, infers its shapes and compiles an execution plan
/// per distinct input shape (one arena each, reused by every run with that shape).
/// </summary>
/// <remarks>
/// A session is not thread-safe: one run at a time (runs share the arena). Tensors returned by
/// <see cref="Run(Tensor[])"/> are copies the caller owns; <see cref="Run(IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>
/// writes into the caller's tensors and allocates nothing once the plan for a shape exists.
/// </remarks>
public sealed class InferenceSession : IDisposable
{
    private readonly Graph _graph;
    private readonly long _opset;
    private readonly bool[] _shapeRelevant;
    private readonly List<(Shape[] Shapes, Tensor?[] Data, ExecutionPlan Plan)> _plans = [];
    private ExecutionPlan? _lastPlan;

    /// <summary>Creates a session for a model already in memory.</summary>
    /// <exception cref="GraphValidationException">The graph is not well formed.</exception>
    /// <exception cref="UnsupportedOperatorException">The model holds an op Quanta cannot run.</exception>
    public InferenceSession(Model model, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Format = model.Format;
        Options = options ?? new SessionOptions();
        var graph = model.Graph;
        _opset = model.Opset;
        GraphVerifier.Verify(graph);
        var unknown = new List<Node>();
        GraphShapeInference.Run(graph, _opset, unknown);
        if (Options.FuseQuantizedPatterns && QdqFusion.Applies(graph))
        {
            // Fuse on a copy: the caller's model keeps its QDQ form.
            graph = graph.Clone();
            Fusions = QdqFusion.Run(graph, _opset, Options);
            GraphShapeInference.Run(graph, _opset, unknown);
        }
        foreach (var node in graph.Nodes)
        {
            if (OpSchemas.Find(node) is null || !Options.Kernels.Supports(node.Domain, node.OpType))
                throw new UnsupportedOperatorException(node.Domain.Length == 0 ? node.OpType : $"{node.Domain}:{node.OpType}", node.Name);
        }
        _graph = GraphOptimizer.Optimize(graph, _opset, Options);
        _shapeRelevant = ShapeRelevance.Analyze(_graph);
        Inputs = graph.Inputs.Select(v => new TensorInfo(v.Name, v.Type, v.Shape, v.Quant)).ToArray();
        Outputs = graph.Outputs.Select(v => new TensorInfo(v.Name, v.Type, v.Shape, v.Quant)).ToArray();

        // Compile now when every input shape is known, so that a model that cannot run fails here.
        if (_graph.Inputs.TrueForAll(v => v.Shape is { IsFullyKnown: true }) && !_shapeRelevant.Contains(true))
            _lastPlan = Compile(_graph.Inputs.Select(v => v.Shape!).ToArray(), new Tensor?[_graph.Inputs.Count]);
    }

    /// <summary>Loads a model file (ONNX or TFLite, detected by content) and creates a session for it.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated or malformed.</exception>
    public InferenceSession(string path, SessionOptions? options = null) : this(ModelLoader.Load(path), options) { }

    /// <summary>Reads a model from a stream (ONNX or TFLite) and creates a session for it.</summary>
    /// <exception cref="ModelFormatException">The data is not a valid model.</exception>
    public InferenceSession(Stream stream, SessionOptions? options = null) : this(ModelLoader.Load(stream), options) { }

    /// <summary>The format the model was read from (ONNX or TFLite). The session keeps no reference to
    /// the model itself: it runs its own optimized copy, so the weights of a model it loaded from a
    /// file are not held a second time in their original layout.</summary>
    public ModelFormat Format { get; }

    /// <summary>
    /// The QDQ groups run as integer ops (see <see cref="SessionOptions.FuseQuantizedPatterns"/>); empty
    /// when the model has none or fusion is off.
    /// </summary>
    public IReadOnlyList<QdqFusionRecord> Fusions { get; } = [];

    /// <summary>The session's options.</summary>
    public SessionOptions Options { get; }

    /// <summary>The model's inputs, in order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>The plan used by the latest run (or compiled at creation), or null before any.</summary>
    public ExecutionPlan? Plan => _lastPlan;

    /// <summary>Per-step times of the latest run, when <see cref="SessionOptions.EnableProfiling"/> is set.</summary>
    public IReadOnlyList<StepProfile>? LastProfile { get; private set; }

    /// <summary>Runs the model on inputs given in the model's input order; returns copies of the outputs.</summary>
    /// <exception cref="InvalidInputException">Wrong number, type or shape of inputs.</exception>
    public IReadOnlyList<Tensor> Run(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var plan = Execute(inputs);
        return plan.Outputs.Select(t => t.Clone()).ToArray();
    }

    /// <summary>Runs the model on inputs given by name; returns copies of the outputs, in the model's output order.</summary>
    /// <exception cref="InvalidInputException">A missing or unknown input name, or a wrong type or shape.</exception>
    public IReadOnlyList<Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
        {
            if (!_graph.Inputs.Exists(v => v.Name == name))
                throw new InvalidInputException($"the model has no input named '{name}' (inputs: {string.Join(", ", Inputs.Select(i => i.Name))})");
        }
        var ordered = _graph.Inputs.Select(v => inputs.TryGetValue(v.Name, out var t) ? t
            : throw new InvalidInputException($"input '{v.Name}' ({v.Type.ShortName()}{v.Shape}) is missing")).ToArray();
        return Run(ordered);
    }

    /// <summary>Runs the model writing into caller-owned output tensors of the right type and shape;
    /// allocates nothing once a plan for these input shapes exists.</summary>
    /// <exception cref="InvalidInputException">Wrong inputs, or an output tensor of the wrong type or shape.</exception>
    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var plan = Execute(inputs);
        if (outputs.Count != plan.Outputs.Length)
            throw new InvalidInputException($"the model has {plan.Outputs.Length} outputs; {outputs.Count} tensors were given");
        for (int i = 0; i < outputs.Count; i++)
        {
            var src = plan.Outputs[i];
            if (outputs[i].Type != src.Type || outputs[i].Shape != src.Shape)
                throw new InvalidInputException($"output '{_graph.Outputs[i].Name}' is {src}; the tensor given is {outputs[i]}");
            src.Bytes.CopyTo(outputs[i].Bytes);
        }
    }

    /// <summary>The plan for these input shapes (compiling it if needed), for inspection.</summary>
    public ExecutionPlan PlanFor(IReadOnlyList<Tensor> inputs) => GetPlan(inputs);

    private ExecutionPlan Execute(IReadOnlyList<Tensor> inputs)
    {
        var plan = GetPlan(inputs);
        for (int i = 0; i < inputs.Count; i++) inputs[i].Bytes.CopyTo(plan.Inputs[i].Bytes);
        plan.Execute(Options.EnableProfiling);
        if (Options.EnableProfiling) RecordProfile(plan);
        return plan;
    }

    // Kept out of Execute: a lambda capturing the plan there would allocate its closure on every run.
    private void RecordProfile(ExecutionPlan plan)
    {
        double msPerTick = 1000.0 / Stopwatch.Frequency;
        LastProfile = plan.Steps.Select((s, i) => new StepProfile(s.Node.Name, s.Node.OpType, s.KernelName, plan.StepTicks[i] * msPerTick)).ToArray();
    }

    private ExecutionPlan GetPlan(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Validate(inputs);
        if (_lastPlan is not null && Matches(_lastPlan, inputs)) return _lastPlan;
        foreach (var (shapes, data, plan) in _plans)
        {
            if (Matches(shapes, data, inputs)) return _lastPlan = plan;
        }
        var newShapes = inputs.Select(t => t.Shape).ToArray();
        var newData = inputs.Select((t, i) => _shapeRelevant[i] ? t.Clone() : null).ToArray();
        return _lastPlan = Compile(newShapes, newData);
    }

    private ExecutionPlan Compile(Shape[] shapes, Tensor?[] data)
    {
        var plan = PlanCompiler.Compile(_graph, _opset, shapes.Select((s, i) => (s, data[i])).ToArray(), Options);
        _plans.Add((shapes, data, plan));
        return plan;
    }

    private bool Matches(ExecutionPlan plan, IReadOnlyList<Tensor> inputs)
    {
        foreach (var (shapes, data, p) in _plans)
        {
            if (ReferenceEquals(p, plan)) return Matches(shapes, data, inputs);
        }
        return false;
    }

    private static bool Matches(Shape[] shapes, Tensor?[] data, IReadOnlyList<Tensor> inputs)
    {
        for (int i = 0; i < shapes.Length; i++)
        {
            if (shapes[i] != inputs[i].Shape) return false;
            if (data[i] is { } d && !d.Bytes.SequenceEqual(inputs[i].Bytes)) return false;
        }
        return true;
    }

    private void Validate(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _graph.Inputs.Count)
            throw new InvalidInputException($"the model takes {_graph.Inputs.Count} inputs ({string.Join(", ", Inputs.Select(i => i.Name))}); {inputs.Count} were given");
        for (int i = 0; i < inputs.Count; i++)
        {
            var v = _graph.Inputs[i];
            var t = inputs[i] ?? throw new InvalidInputException($"input '{v.Name}' is null");
            if (t.Type != v.Type)
                throw new InvalidInputException($"input '{v.Name}' must be {v.Type}; got {t.Type}");
            if (v.Shape is { } declared)
            {
                bool ok = declared.Rank == t.Shape.Rank;
                for (int d = 0; ok && d < declared.Rank; d++)
                    ok = declared[d] == Shape.Unknown || declared[d] == t.Shape[d];
                if (!ok)
                    throw new InvalidInputException($"input '{v.Name}' must have shape {declared}; got {t.Shape}");
            }
        }
    }

    /// <summary>Releases the session's plans and arenas.</summary>
    public void Dispose()
    {
        _plans.Clear();
        _lastPlan = null;
    }
}
