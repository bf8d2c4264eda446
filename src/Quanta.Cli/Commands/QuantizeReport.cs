using Quanta.Cli.Output;
using Quanta.Quantization;

namespace Quanta.Cli.Commands;

/// <summary>The summary <c>quanta quantize</c> prints: sizes, output SQNR, top-1 agreement and
/// the layers with the worst SQNR (text tables, or one JSON object).</summary>
internal static class QuantizeReport
{
    private const int WorstLayers = 5;

    public static void Print(CliEnvironment env, QuantizeRequest request, QuantizationResult result, VerificationReport report,
        SampleRange verification, long floatBytes, long quantizedBytes)
    {
        var plan = result.Plan;
        int quantizedNodes = plan.Nodes.Values.Count(n => n.Status == NodeStatus.Quantized);
        var excluded = plan.Nodes.Values.Where(n => n.Status == NodeStatus.Excluded).Select(n => n.Node).ToArray();
        double ratio = quantizedBytes / (double)Math.Max(floatBytes, 1);
        if (request.Json)
        {
            Json.Write(env.Output, new QuantizeJson(request.ModelPath, request.Output, QuantizationModes.NameOf(plan.Mode),
                plan.Mode.NeedsCalibration() ? CalibrationSettings.NameOf(request.Method) : null, result.Calibration?.Count ?? 0,
                verification.Count, verification.Data.Description, floatBytes, quantizedBytes, Math.Round(ratio, 4),
                report.OutputDecibels.Select(Round).ToArray(), report.Top1Agreement is { } t ? Math.Round(t, 4) : null,
                quantizedNodes, excluded,
                report.Worst(WorstLayers).Select(l => new LayerJson(l.Node, l.OpType, l.Value, Round(l.Decibels))).ToArray()));
            return;
        }
        var o = env.Output;
        o.WriteLine($"wrote       {request.Output}");
        o.WriteLine($"mode        {QuantizationModes.NameOf(plan.Mode)}" + (plan.Mode == QuantizationMode.Int8 ? $" ({(QuantizeOutputFormat.IsTflite(request.Output) ? "tflite" : request.Form)}, {(request.Io == Core.DataType.Int8 ? "int8" : "float")} input/output)" : ""));
        if (result.Calibration is { } c)
            o.WriteLine($"calibration {Tables.Count(c.Count)} samples of {c.Data.Description}, {CalibrationSettings.NameOf(request.Method)}, weights per {(request.PerTensor ? "tensor" : "channel")}");
        if (plan.Mode == QuantizationMode.Float16)
            o.WriteLine($"weights     {Tables.Count(plan.Values.Count)} tensors stored as float16");
        else
            o.WriteLine($"nodes       {Tables.Count(quantizedNodes)} of {Tables.Count(plan.Nodes.Count)} quantized{(plan.Mode == QuantizationMode.Dynamic ? " (int8 weights)" : "")}"
                + (excluded.Length > 0 ? $"; left in float: {string.Join(", ", excluded)}" : ""));
        o.WriteLine($"size        {Tables.Bytes(floatBytes)} → {Tables.Bytes(quantizedBytes)} ({Tables.Number(ratio, "0.000")}×)");
        o.WriteLine($"verified    on {Tables.Count(verification.Count)} held-back samples ({verification.Data.Description})");
        o.WriteLine($"output SQNR {string.Join(", ", report.OutputDecibels.Select(Decibels))}");
        if (report.Top1Agreement is { } agreement)
            o.WriteLine($"top-1       {Tables.Number(100 * agreement, "0.0")}% of samples predict the float model's class");
        var worst = report.Worst(WorstLayers).ToList();
        if (worst.Count == 0) return;
        var table = Tables.Create("layer", "op", "SQNR (dB)");
        foreach (var l in worst) table.AddTextRow(l.Node, l.OpType, Decibels(l.Decibels));
        o.WriteLine($"the {worst.Count} layers with the lowest SQNR:");
        env.Console.Write(table);
    }

    private static string Decibels(double db) => double.IsPositiveInfinity(db) ? "exact" : Tables.Number(db, "0.0") + " dB";

    private static double? Round(double db) => double.IsFinite(db) ? Math.Round(db, 2) : null;

    private sealed record LayerJson(string Node, string Op, string Value, double? SqnrDb);

    private sealed record QuantizeJson(string Model, string Output, string Mode, string? Method, int CalibrationSamples, int VerificationSamples,
        string VerificationData, long FloatBytes, long QuantizedBytes, double SizeRatio, double?[] OutputSqnrDb, double? Top1Agreement,
        int QuantizedNodes, string[] Excluded, LayerJson[] WorstLayers);
}
