using BenchmarkDotNet.Running;

namespace Quanta.Benchmarks;

/// <summary>Benchmark entry point: <c>dotnet run -c Release --project benchmarks/Quanta.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
