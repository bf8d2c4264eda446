using System.Globalization;

namespace Quanta.Benchmarks.Compare;

/// <summary>The command line of <c>compare</c>.</summary>
internal sealed record CompareOptions
{
    /// <summary>The four models of the issue, as make-bench-models.py names their files.</summary>
    public static readonly string[] DefaultModels = ["mobilenet_v1_224", "mobilenet_v2_224", "resnet50_224", "inception_v3_299"];

    public string ModelDir { get; init; } = "/tmp/bench";
    public string OutDir { get; init; } = "benchmarks/results";
    public string[] Models { get; init; } = DefaultModels;
    public int Runs { get; init; } = 20;
    public int Warmup { get; init; } = 3;
    /// <summary>Seconds the interleaved rounds of one model may take; fewer rounds (at least 5) when slower.</summary>
    public double BudgetSeconds { get; init; } = 300;
    public bool Torch { get; init; } = true;
    public int TorchRuns { get; init; } = 20;
    public bool Memory { get; init; } = true;
    public bool Requantize { get; init; }
    public int CalibrationSamples { get; init; } = 8;
    public string Python { get; init; } = "/usr/bin/python3";
    public string TorchScript { get; init; } = "../shared/tools/torch-latency.py";
    public string Command { get; init; } = "";
    /// <summary>Only re-measure the clock and the GEMM microkernels into an existing latency.json.</summary>
    public bool GemmOnly { get; init; }
    /// <summary>A sentence printed at the top of latency.md (e.g. how noisy the machine was).</summary>
    public string? Note { get; init; }

    public const string Usage = """
        usage: compare [--models DIR] [--out DIR] [--only m1,m2] [--runs N] [--warmup N] [--budget-seconds S]
                       [--no-torch] [--torch-runs N] [--no-memory] [--requantize] [--calibration-samples N]
                       [--python PATH] [--torch-script PATH] [--command TEXT] [--gemm-only] [--note TEXT]
        """;

    public static CompareOptions Parse(string[] args)
    {
        var o = new CompareOptions { Command = "dotnet run -c Release --project benchmarks/Quanta.Benchmarks -- compare " + string.Join(' ', args) };
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--models" => o with { ModelDir = Next() },
                "--out" => o with { OutDir = Next() },
                "--only" => o with { Models = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--runs" => o with { Runs = Math.Max(1, Int()) },
                "--warmup" => o with { Warmup = Math.Max(0, Int()) },
                "--budget-seconds" => o with { BudgetSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--no-torch" => o with { Torch = false },
                "--torch-runs" => o with { TorchRuns = Math.Max(1, Int()) },
                "--no-memory" => o with { Memory = false },
                "--requantize" => o with { Requantize = true },
                "--calibration-samples" => o with { CalibrationSamples = Math.Max(1, Int()) },
                "--python" => o with { Python = Next() },
                "--torch-script" => o with { TorchScript = Next() },
                "--command" => o with { Command = Next() },
                "--gemm-only" => o with { GemmOnly = true },
                "--note" => o with { Note = Next() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}"),
            };
        }
        return o;
    }
}
