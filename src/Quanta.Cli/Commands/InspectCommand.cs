using System.CommandLine;
using Quanta.Cli.Inspection;
using Quanta.Cli.Output;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Runtime;
using Spectre.Console;

namespace Quanta.Cli.Commands;

/// <summary><c>quanta inspect MODEL</c>: what a model holds and whether Quanta can run it. A
/// report: it succeeds (exit 0) even when ops are unsupported, and says so.</summary>
internal static class InspectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (.onnx or .tflite; the format is detected from the content)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var tensors = new Option<bool>("--tensors") { Description = "List every tensor with its type, shape and quantization parameters" };
        var command = new Command("inspect", "Show a model's format, inputs, outputs, ops, parameters, tensors and unsupported ops")
        {
            model, json, tensors,
        };
        command.SetAction(parsed => Execute(env, parsed.GetRequiredValue(model), parsed.GetValue(json), parsed.GetValue(tensors)));
        return command;
    }

    private static int Execute(CliEnvironment env, string path, bool json, bool listTensors)
    {
        var report = ModelReport.Build(ModelLoader.Load(path), KernelRegistry.Default);
        if (json) Json.Write(env.Output, ToJson(path, report));
        else Print(env, path, report, listTensors);
        return Program.ExitOk;
    }

    private static void Print(CliEnvironment env, string path, ModelReport report, bool listTensors)
    {
        var model = report.Model;
        var o = env.Output;
        o.WriteLine($"Model       {path}");
        o.WriteLine($"Format      {FormatName(model.Format)}, opsets {string.Join(", ", report.Opsets.Select(kv => $"{kv.Key} {kv.Value}"))}");
        if (!string.IsNullOrEmpty(model.Producer)) o.WriteLine($"Producer    {model.Producer}");
        o.WriteLine($"File size   {Tables.Bytes(model.SourceBytes)}");
        o.WriteLine($"Parameters  {Tables.Count(report.Parameters)} (elements of weight and bias constants)");
        o.WriteLine($"Nodes       {Tables.Count(model.Graph.Nodes.Count)} nodes of {report.Ops.Count} op types");
        o.WriteLine();

        env.Console.Write(TensorTable("Inputs", report.Inputs, withKind: false));
        env.Console.Write(TensorTable("Outputs", report.Outputs, withKind: false));

        var ops = Tables.Create("op", "count", "supported");
        ops.Title = new TableTitle("Ops");
        foreach (var op in report.Ops) ops.AddTextRow(op.Display, Tables.Count(op.Count), op.Supported ? "yes" : "NO");
        env.Console.Write(ops);

        var types = Tables.Create("type", "tensors", "constants", "quantized per-tensor", "quantized per-axis");
        types.Title = new TableTitle("Tensors by type");
        foreach (var g in report.Tensors.GroupBy(t => t.Type).OrderBy(g => g.Key))
        {
            types.AddTextRow(TypeName(g.Key), Tables.Count(g.Count()), Tables.Count(g.Count(t => t.Kind == "constant")),
                Tables.Count(g.Count(t => t.Quant is { IsPerAxis: false })), Tables.Count(g.Count(t => t.Quant is { IsPerAxis: true })));
        }
        env.Console.Write(types);
        if (listTensors) env.Console.Write(TensorTable("Tensors", report.Tensors, withKind: true));
        else if (report.Tensors.Any(t => t.Quant is not null)) o.WriteLine("The model is quantized: --tensors lists every tensor's quantization parameters.");

        if (report.ShapeInferenceProblem is { } problem) o.WriteLine($"Shape inference stopped: {problem}");
        if (report.Unsupported.Count == 0)
        {
            int n = model.Graph.Nodes.Count;
            o.WriteLine($"Supported: yes, Quanta has a kernel for {(n == 1 ? "its one node" : $"all {Tables.Count(n)} nodes")}.");
            return;
        }
        o.WriteLine($"Supported: NO, {report.Unsupported.Count} of {model.Graph.Nodes.Count} nodes use ops Quanta cannot run yet; the model will not run:");
        var table = Tables.Create("node", "op", "reason");
        foreach (var u in report.Unsupported) table.AddTextRow(u.Node, u.Op, u.Reason);
        env.Console.Write(table);
    }

    private static Table TensorTable(string title, IReadOnlyList<TensorEntry> tensors, bool withKind)
    {
        var table = withKind ? Tables.Create("name", "kind", "type", "shape", "quantization") : Tables.Create("name", "type", "shape", "quantization");
        table.Title = new TableTitle(title);
        foreach (var t in tensors)
        {
            if (withKind) table.AddTextRow(t.Name, t.Kind, TypeName(t.Type), Tables.Shape(t.Shape), Tables.Quant(t.Quant));
            else table.AddTextRow(t.Name, TypeName(t.Type), Tables.Shape(t.Shape), Tables.Quant(t.Quant));
        }
        return table;
    }

    /// <summary>A type as reports name it: float32, int8, …</summary>
    public static string TypeName(DataType type) => type.ToString().ToLowerInvariant();

    private static string FormatName(ModelFormat format) => format switch
    {
        ModelFormat.Onnx => "ONNX",
        ModelFormat.Tflite => "TFLite",
        _ => "in memory",
    };

    private sealed record TensorJson(string Name, string Kind, string Type, int?[]? Shape, QuantJson? Quant);

    private sealed record OpJson(string Op, string Domain, string OpType, int Count, bool Supported);

    private sealed record InspectJson(
        string Model, string Format, IReadOnlyDictionary<string, long> Opsets, string? Producer, long FileBytes,
        long Parameters, int Nodes, bool Supported, TensorJson[] Inputs, TensorJson[] Outputs, OpJson[] Ops,
        UnsupportedNode[] Unsupported, string? ShapeInferenceProblem, TensorJson[] Tensors);

    private static InspectJson ToJson(string path, ModelReport r)
    {
        static TensorJson T(TensorEntry t) => new(t.Name, t.Kind, TypeName(t.Type), JsonShape.Of(t.Shape), QuantJson.Of(t.Quant));
        var m = r.Model;
        return new InspectJson(path, m.Format.ToString().ToLowerInvariant(), r.Opsets, m.Producer, m.SourceBytes, r.Parameters,
            m.Graph.Nodes.Count, r.Unsupported.Count == 0, r.Inputs.Select(T).ToArray(), r.Outputs.Select(T).ToArray(),
            r.Ops.Select(o => new OpJson(o.Display, o.Domain, o.OpType, o.Count, o.Supported)).ToArray(),
            r.Unsupported.ToArray(), r.ShapeInferenceProblem, r.Tensors.Select(T).ToArray());
    }
}
