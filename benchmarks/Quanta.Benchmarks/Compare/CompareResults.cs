using Quanta.Runtime;

namespace Quanta.Benchmarks.Compare;

/// <summary>One op type in a Quanta profile.</summary>
internal sealed record ProfileOpJson(string OpType, string Kernels, int Nodes, double Ms, double Share, double GmacPerSecond);

/// <summary>One of the slowest nodes.</summary>
internal sealed record ProfileNodeJson(string Node, string OpType, string Kernel, double Ms, double Share, double Mmacs, double GmacPerSecond);

/// <summary>A Quanta per-op profile (per-step medians over the interleaved rounds).</summary>
internal sealed record ProfileJson(int Runs, int Steps, double TotalMs, double TotalGmacs, double GmacPerSecond, ProfileOpJson[] OpTypes, ProfileNodeJson[] TopNodes)
{
    public static ProfileJson Of(ProfileSummary p, int topNodes = 8) => new(p.Runs, p.Nodes.Count, Math.Round(p.TotalMilliseconds, 4), Math.Round(p.TotalMacs / 1e9, 4),
        Math.Round(p.GmacPerSecond, 3),
        p.OpTypes.Select(o => new ProfileOpJson(o.OpType, string.Join(", ", o.Kernels), o.Nodes, Math.Round(o.Milliseconds, 4), Math.Round(o.Share, 5), Math.Round(o.GmacPerSecond, 3))).ToArray(),
        p.TopNodes(topNodes).Select(n => new ProfileNodeJson(n.NodeName, n.OpType, n.KernelName, Math.Round(n.Milliseconds, 4), Math.Round(n.Share, 5),
            Math.Round(n.Macs / 1e6, 2), Math.Round(n.GmacPerSecond, 3))).ToArray());
}

/// <summary>Everything measured for one model.</summary>
internal sealed record ModelResult(string Model, string FloatFile, string Int8File)
{
    public string? Int8Description { get; set; }
    public double QuantizeSeconds { get; set; }
    public int Runs { get; set; }
    public int Warmup { get; set; }
    public Dictionary<string, LatencySummary> LatencyMs { get; set; } = [];
    public long? QuantaFp32ArenaBytes { get; set; }
    public long? QuantaInt8ArenaBytes { get; set; }
    public ProfileJson? QuantaFp32Profile { get; set; }
    public ProfileJson? QuantaInt8Profile { get; set; }
    public List<MemoryResult> Memory { get; set; } = [];
    public TorchResult? Torch { get; set; }
    public List<string> Errors { get; set; } = [];

    /// <summary>Median ms of an engine of this process, or of PyTorch ("PyTorch fp32"/"PyTorch int8").</summary>
    public double? Median(string engine) => engine switch
    {
        "PyTorch fp32" => Torch?.Fp32Ms,
        "PyTorch int8" => Torch?.Int8Ms,
        _ => LatencyMs.TryGetValue(engine, out var l) ? l.Median : null,
    };
}

/// <summary>The whole comparison, as written to latency.json.</summary>
internal sealed record CompareReport(string Command, string StartedUtc, MachineInfo Machine, List<GemmResult> Gemm, List<ModelResult> Models)
{
    public double Seconds { get; set; }
    public string? Note { get; set; }
}
