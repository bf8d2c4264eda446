using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Quanta.Cli.Output;
using Quanta.Core;
using Quanta.Data;
using Quanta.Data.Images;
using Quanta.Data.Metrics;
using Quanta.Data.TensorFiles;
using Quanta.Runtime;

namespace Quanta.Cli.Commands;

/// <summary><c>quanta run MODEL --input [NAME=]FILE … --output-dir DIR</c>: runs a model once and
/// writes every output as <c>DIR/&lt;i&gt;_&lt;name&gt;.npy</c> and <c>.csv</c>.</summary>
internal static class RunCommand
{
    private const int TopCount = 5;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (.onnx or .tflite)" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = $"An input as [NAME=]FILE; without NAME, files fill the inputs in order. Files: {TensorFile.SupportedExtensions}, .pb (ONNX TensorProto)",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            HelpName = "[NAME=]FILE",
        };
        var outputDir = new Option<string>("--output-dir", "-o") { Description = "Folder for the outputs (created if missing)", Required = true, HelpName = "DIR" };
        var mean = FloatList("--mean", "Image inputs of float type: per-channel mean subtracted after scaling pixels to 0–1");
        var std = FloatList("--std", "Image inputs of float type: per-channel standard deviation divided by after the mean");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("run", "Run a model once on input files and write its outputs as .npy and .csv")
        {
            model, inputs, outputDir, mean, std, json,
        };
        command.SetAction(parsed => Execute(env, parsed.GetRequiredValue(model), parsed.GetRequiredValue(inputs),
            parsed.GetRequiredValue(outputDir), new ImageTensorOptions { Mean = NullIfEmpty(parsed.GetValue(mean)), Std = NullIfEmpty(parsed.GetValue(std)) },
            parsed.GetValue(json)));
        return command;
    }

    // An absent array option parses as an empty array, not null.
    private static float[]? NullIfEmpty(float[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>An option holding comma-separated floats; a malformed list is a usage error.</summary>
    public static Option<float[]> FloatList(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "v1,v2,...",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            var parts = text.Split(',');
            var values = new float[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
                {
                    result.AddError($"{name}: '{parts[i]}' is not a number (expected comma-separated numbers, e.g. 0.485,0.456,0.406)");
                    return null;
                }
            }
            return values;
        },
    };

    private static int Execute(CliEnvironment env, string modelPath, string[] inputSpecs, string outputDir, ImageTensorOptions imageOptions, bool json)
    {
        var clock = Stopwatch.StartNew();
        using var session = new InferenceSession(modelPath);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        var options = new ImageTensorOptions
        {
            Mean = imageOptions.Mean,
            Std = imageOptions.Std,
            PreferredLayout = session.Format == ModelFormat.Tflite ? ImageLayout.Nhwc : ImageLayout.Nchw,
        };
        var bound = InputBinding.Bind(session.Inputs, inputSpecs, options);

        clock.Restart();
        var outputs = session.Run(bound.Select(b => b.Value).ToArray());
        double runSeconds = clock.Elapsed.TotalSeconds;

        var written = WriteOutputs(outputDir, session.Outputs, outputs);
        var summary = new RunJson(modelPath,
            bound.Select(b => new RunInputJson(b.Input.Name, b.File, InspectCommand.TypeName(b.Value.Type), b.Value.Shape.ToArray())).ToArray(),
            written, Math.Round(loadSeconds, 6), Math.Round(runSeconds, 6));
        if (json) Json.Write(env.Output, summary);
        else Print(env.Output, summary);
        return Program.ExitOk;
    }

    private static RunOutputJson[] WriteOutputs(string outputDir, IReadOnlyList<TensorInfo> infos, IReadOnlyList<Tensor> outputs)
    {
        try
        {
            Directory.CreateDirectory(outputDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(outputDir, $"cannot create the output folder: {e.Message}", e);
        }
        var files = new List<(string Path, byte[] Contents)>();
        var result = new RunOutputJson[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            string baseName = Path.Combine(outputDir, OutputFileNames.BaseName(i, infos[i].Name));
            var t = outputs[i];
            files.Add((baseName + ".npy", NpyFile.Encode(t)));
            files.Add((baseName + ".csv", CsvTensorFile.Encode(t)));
            result[i] = new RunOutputJson(infos[i].Name, InspectCommand.TypeName(t.Type), t.Shape.ToArray(), QuantJson.Of(t.Quant),
                baseName + ".npy", baseName + ".csv", Top(t));
        }
        AtomicFile.WriteAll(files);
        return result;
    }

    /// <summary>The largest values of a classification output (<c>[C]</c> or <c>[1,C]</c>, 2 ≤ C ≤ 1000),
    /// dequantized when quantized; null for other outputs.</summary>
    private static TopJson[]? Top(Tensor t)
    {
        bool classification = (t.Shape.Rank == 1 || (t.Shape.Rank == 2 && t.Shape[0] == 1)) && t.Shape[^1] is >= 2 and <= 1000;
        if (!classification || !(t.Type.IsFloat() || t.Type.IsInteger())) return null;
        var real = new float[t.ElementCount];
        for (int i = 0; i < real.Length; i++)
            real[i] = t.Quant is { } q ? q.Scale * (float)(t.GetDouble(i) - q.ZeroPoint) : (float)t.GetDouble(i);
        return Classification.TopK(real, TopCount).Select(i => new TopJson(i, real[i])).ToArray();
    }

    private static void Print(TextWriter o, RunJson s)
    {
        foreach (var i in s.Inputs) o.WriteLine($"input  '{i.Name}' {i.Type}[{string.Join(',', i.Shape)}] from {i.File}");
        foreach (var output in s.Outputs)
        {
            o.WriteLine($"output '{output.Name}' {output.Type}[{string.Join(',', output.Shape)}] -> {output.Npy}, {output.Csv}");
            if (output.Top is { } top)
                o.WriteLine("  top " + string.Join("  ", top.Select(t => $"{t.Index}: {Tables.Number(t.Value, "G6")}")));
        }
        o.WriteLine($"time   load {Tables.Number(s.LoadSeconds * 1000, "0.0")} ms, run {Tables.Number(s.RunSeconds * 1000, "0.000")} ms");
    }

    private sealed record RunInputJson(string Name, string File, string Type, int[] Shape);

    private sealed record TopJson(int Index, float Value);

    private sealed record RunOutputJson(string Name, string Type, int[] Shape, QuantJson? Quant, string Npy, string Csv, TopJson[]? Top);

    private sealed record RunJson(string Model, RunInputJson[] Inputs, RunOutputJson[] Outputs, double LoadSeconds, double RunSeconds);
}
