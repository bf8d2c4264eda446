using Microsoft.ML.OnnxRuntime;
using Quanta.Core;
using Quanta.Runtime;
using Ort = Microsoft.ML.OnnxRuntime;
using QuantaSession = Quanta.Runtime.InferenceSession;

namespace Quanta.Benchmarks.Compare;

/// <summary>One engine running one model file on fixed inputs, ready for timed runs.</summary>
internal interface IEngine : IDisposable
{
    /// <summary>e.g. "Quanta int8".</summary>
    string Name { get; }

    /// <summary>One inference (allocation-free where the engine allows).</summary>
    void Run();
}

/// <summary>The engines of the comparison, by name.</summary>
internal static class Engines
{
    public const string QuantaFp32 = "Quanta fp32", QuantaInt8 = "Quanta int8", OrtFp32 = "ORT fp32", OrtInt8 = "ORT int8";

    /// <summary>The seed of the inputs every engine gets (the same values for all four).</summary>
    public const int InputSeed = 1234;

    /// <summary>Creates the engine <paramref name="name"/> over <paramref name="path"/>.</summary>
    public static IEngine Create(string name, string path, bool profile = false) => name.StartsWith("Quanta", StringComparison.Ordinal)
        ? new QuantaEngine(name, path, profile)
        : new OrtEngine(name, path);
}

/// <summary>Quanta's <see cref="QuantaSession"/>, one thread, the best ISA, writing into preallocated outputs.</summary>
internal sealed class QuantaEngine : IEngine
{
    private readonly QuantaSession _session;
    private readonly Tensor[] _inputs;
    private readonly Tensor[] _outputs;
    private readonly List<IReadOnlyList<StepProfile>> _profiles = [];

    public QuantaEngine(string name, string path, bool profile)
    {
        Name = name;
        _session = new QuantaSession(path, new Quanta.Runtime.SessionOptions { Threads = 1, EnableProfiling = profile });
        _inputs = RandomInputs.For(_session.Inputs, Engines.InputSeed);
        Plan = _session.PlanFor(_inputs);
        _outputs = _session.Run(_inputs).Select(t => Tensor.Zeros(t.Type, t.Shape, t.Quant)).ToArray();
    }

    public string Name { get; }

    /// <summary>The plan the runs use (arena size, steps).</summary>
    public ExecutionPlan Plan { get; }

    public void Run()
    {
        _session.Run(_inputs, _outputs);
        if (_session.LastProfile is { } p) _profiles.Add(p);
    }

    /// <summary>Per-step medians over the runs since the last <see cref="ClearProfiles"/>, or null without profiling.</summary>
    public ProfileSummary? Profile() => _profiles.Count > 0 ? ProfileSummary.FromRuns(Plan, _profiles) : null;

    /// <summary>Forgets the warm-up runs' profiles.</summary>
    public void ClearProfiles() => _profiles.Clear();

    public void Dispose() => _session.Dispose();
}

/// <summary>ONNX Runtime, as the issue asks: one intra-op and one inter-op thread, all graph
/// optimizations, sequential execution; inputs and outputs bound once as OrtValues.</summary>
internal sealed class OrtEngine : IEngine
{
    private readonly Ort.InferenceSession _session;
    private readonly Ort.SessionOptions _options;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    public OrtEngine(string name, string path)
    {
        Name = name;
        _options = new Ort.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new Ort.InferenceSession(path, _options);
        _inputNames = _session.InputMetadata.Keys.ToArray();
        _outputNames = _session.OutputMetadata.Keys.ToArray();
        // The same random values as Quanta's engine: RandomInputs over the same declared shapes.
        var infos = _session.InputMetadata.Select(kv => new TensorInfo(kv.Key, DataType.Float32,
            new Shape(kv.Value.Dimensions.Select(d => d < 0 ? 1 : d).ToArray()), null)).ToArray();
        _inputs = RandomInputs.For(infos, Engines.InputSeed)
            .Select(t => OrtValue.CreateTensorValueFromMemory(t.ToArray<float>(), t.Shape.ToInt64Array())).ToArray();
        _outputs = _outputNames.Select(n => OrtValue.CreateTensorValueFromMemory(
            new float[_session.OutputMetadata[n].Dimensions.Aggregate(1L, (a, d) => a * Math.Max(d, 1))],
            _session.OutputMetadata[n].Dimensions.Select(d => (long)Math.Max(d, 1)).ToArray())).ToArray();
    }

    public string Name { get; }

    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        foreach (var v in _inputs) v.Dispose();
        foreach (var v in _outputs) v.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }
}
