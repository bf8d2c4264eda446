using BenchmarkDotNet.Running;
using Quanta.Benchmarks.Compare;

namespace Quanta.Benchmarks;

/// <summary>
/// Benchmark entry point. <c>compare</c> runs the side-by-side comparison with ONNX Runtime and
/// PyTorch (see <see cref="CompareCommand"/>); <c>render DIR</c> rewrites latency.md and latency.png
/// in DIR from its latency.json (after a change to the report's layout, without measuring again);
/// <c>memory</c> is compare's child process that measures one engine's peak working set; anything else goes to BenchmarkDotNet
/// (<c>dotnet run -c Release --project benchmarks/Quanta.Benchmarks -- --filter '*'</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare") return CompareCommand.Run(args[1..]);
        if (args.Length == 2 && args[0] == "render") return CompareCommand.Render(args[1]);
        if (args.Length > 0 && args[0] == "memory") return MemoryProbe.RunChild(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
