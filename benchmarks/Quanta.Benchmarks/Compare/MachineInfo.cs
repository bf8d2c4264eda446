using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Quanta.Benchmarks.Compare;

/// <summary>The machine a comparison ran on.</summary>
/// <param name="Cpu">Model name from /proc/cpuinfo, with family/model numbers (a VM may hide the name).</param>
/// <param name="LogicalCores">Processors the process can use.</param>
/// <param name="MeasuredClockGHz">Measured by <see cref="ClockMeter"/>.</param>
/// <param name="Isa">The instruction set Quanta's kernels use.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">.NET version.</param>
/// <param name="OrtVersion">ONNX Runtime's version.</param>
/// <param name="Build">"Release", or "Debug" when Quanta's kernels were compiled without JIT optimization (timings meaningless).</param>
/// <param name="VnniOutOfReach">The CPU has VNNI (the int8 dot product peers use) but .NET cannot issue it here.</param>
internal sealed record MachineInfo(string Cpu, int LogicalCores, double MeasuredClockGHz, string Isa, string Os, string Runtime, string OrtVersion, string Build, bool VnniOutOfReach)
{
    public static MachineInfo Collect(double clockHz)
    {
        string cpu = "unknown CPU";
        bool cpuHasVnni = false;
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            var flags = Field("flags").Split(' ');
            bool hypervisor = flags.Contains("hypervisor");
            cpuHasVnni = flags.Contains("avx512_vnni") || flags.Contains("avx_vnni");
            cpu = $"{Field("model name")} (family {Field("cpu family")}, model {Field("model")}, stepping {Field("stepping")}{(hypervisor ? ", virtual machine" : "")})";
        }
        catch (IOException)
        {
            // Not Linux: the name stays unknown.
        }
        string ort = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
        return new MachineInfo(cpu, Environment.ProcessorCount, Math.Round(clockHz / 1e9, 3), Quanta.Runtime.CpuFeatures.Best.ToString(),
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, ort, KernelsOptimized() ? "Release" : "Debug",
            cpuHasVnni && !System.Runtime.Intrinsics.X86.AvxVnni.IsSupported && !System.Runtime.Intrinsics.X86.Avx10v1.IsSupported);
    }

    private static bool KernelsOptimized() =>
        typeof(Quanta.Kernels.AlignedFloats).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
}
