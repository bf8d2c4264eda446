using BenchmarkDotNet.Attributes;
using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Benchmarks;

/// <summary>Overhead of one session run on a tiny graph (plan lookup, input copy, dispatch).</summary>
[MemoryDiagnoser]
public class SessionRunBenchmark
{
    private InferenceSession _session = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 1024));
        var y = g.AddValue("y");
        g.AddNode("Relu", [x], [y]);
        g.Outputs.Add(y);
        _session = new InferenceSession(new Model(g));
        _x = Tensor.Zeros(DataType.Float32, new Shape(1, 1024));
        _y = Tensor.Zeros(DataType.Float32, new Shape(1, 1024));
    }

    [Benchmark]
    public void Run() => _session.Run([_x], [_y]);
}
