using ScottPlot;

namespace Quanta.Benchmarks.Compare;

/// <summary>latency.png: every engine's median latency per model, relative to ONNX Runtime fp32, as
/// grouped bars — the table's story at a glance (lower is faster; the dashed line is ORT fp32).</summary>
internal static class LatencyChart
{
    private static readonly (string Engine, string Label, string Hex)[] s_series =
    [
        (Engines.QuantaFp32, "Quanta fp32", "#1f77b4"),
        (Engines.OrtFp32, "ORT fp32", "#7f7f7f"),
        ("PyTorch fp32", "PyTorch fp32", "#ff7f0e"),
        (Engines.QuantaInt8, "Quanta int8", "#aec7e8"),
        (Engines.OrtInt8, "ORT int8", "#c7c7c7"),
        ("PyTorch int8", "PyTorch int8", "#ffbb78"),
    ];

    /// <summary>Writes the chart to <paramref name="path"/>; models without an ORT fp32 median are left out.</summary>
    public static void Save(CompareReport report, string path)
    {
        var models = report.Models.Where(m => m.Median(Engines.OrtFp32) is > 0).ToList();
        if (models.Count == 0) return;
        var plot = new Plot();
        double group = s_series.Length + 1.5;
        var bars = new List<Bar>();
        for (int m = 0; m < models.Count; m++)
        {
            double reference = models[m].Median(Engines.OrtFp32)!.Value;
            for (int e = 0; e < s_series.Length; e++)
            {
                if (models[m].Median(s_series[e].Engine) is not { } ms) continue;
                double value = ms / reference;
                bars.Add(new Bar
                {
                    Position = m * group + e,
                    Value = value,
                    FillColor = Color.FromHex(s_series[e].Hex),
                    Label = value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        var line = plot.Add.HorizontalLine(1.0);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Black.WithAlpha(0.6);
        line.LineWidth = 1;

        var ticks = models.Select((x, m) => new Tick(m * group + (s_series.Length - 1) / 2.0, x.Model)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Head room above the tallest bar for the legend, which spans the top of the chart.
        plot.Axes.SetLimitsY(0, bars.Max(b => b.Value) * 1.2);
        plot.YLabel("latency / ONNX Runtime fp32 (lower is faster)");
        plot.Title($"Single-thread median latency, {report.Machine.Cpu.Split(" (", 2)[0]} at {report.Machine.MeasuredClockGHz:0.00} GHz");
        foreach (var (_, label, hex) in s_series)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = Color.FromHex(hex) });
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.Alignment = Alignment.UpperCenter;
        plot.ShowLegend();
        plot.SavePng(path, 1100, 520);
    }
}
