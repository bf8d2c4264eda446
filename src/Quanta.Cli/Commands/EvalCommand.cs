using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Quanta.Cli.Output;
using Quanta.Data.Datasets;
using Quanta.Data.Metrics;
using Quanta.Runtime;

namespace Quanta.Cli.Commands;

/// <summary><c>quanta eval MODEL --dataset fashion-mnist</c>: top-1 accuracy on the Fashion-MNIST
/// test set, with the reference models' preprocessing (<see cref="FashionMnistPreprocessing"/>).</summary>
internal static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (.onnx or .tflite)" };
        var dataset = new Option<string>("--dataset", "-d") { Description = "The dataset", Required = true };
        dataset.AcceptOnlyFromAmong("fashion-mnist");
        var dataDir = new Option<string>("--data-dir")
        {
            Description = $"Folder holding the dataset's files (default {FashionMnist.DefaultFolder}, from the Debian package dataset-fashion-mnist)",
            HelpName = "DIR",
        };
        var limit = Positive(new Option<int?>("--limit", "-n") { Description = "Evaluate the first N test images only", HelpName = "N" });
        var batch = Positive(new Option<int?>("--batch", "-b") { Description = "Images per run (default 100; a model with a fixed batch uses its own)", HelpName = "B" });
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("eval", "Measure top-1 accuracy on a dataset's test set")
        {
            model, dataset, dataDir, limit, batch, json,
        };
        command.SetAction(parsed => Execute(env, parsed.GetRequiredValue(model), parsed.GetRequiredValue(dataset), parsed.GetValue(dataDir),
            parsed.GetValue(limit), parsed.GetValue(batch) ?? 100, parsed.GetValue(json)));
        return command;
    }

    /// <summary>A positive-integer option; anything else is a usage error.</summary>
    internal static Option<int?> Positive(Option<int?> option)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0) return value;
            result.AddError($"{option.Name}: '{text}' is not a positive integer");
            return null;
        };
        return option;
    }

    private static int Execute(CliEnvironment env, string modelPath, string datasetName, string? dataDir, int? limit, int batch, bool json)
    {
        // The dataset first: a missing package is the likeliest problem on a fresh machine.
        var data = FashionMnist.Load(FashionMnistSplit.Test, dataDir);
        using var session = new InferenceSession(modelPath);
        var feeder = FashionMnistFeeder.For(session);
        int count = Math.Min(limit ?? data.Count, data.Count);
        if (feeder.FixedBatch is int fixedBatch) batch = fixedBatch;

        var accuracy = new TopOneAccuracy();
        var clock = Stopwatch.StartNew();
        ProgressReporter.Run(env, "eval", count, "images", advance =>
        {
            for (int start = 0; start < count; start += batch)
            {
                // A fixed-batch model gets full batches; the padding's predictions are not counted.
                int real = Math.Min(batch, count - start);
                int n = feeder.FixedBatch ?? real;
                var scores = session.Run(feeder.Batch(data, start, n, count))[0];
                var predicted = FashionMnistFeeder.Predictions(scores, n, session.Outputs[0].Name);
                for (int i = 0; i < real; i++) accuracy.Add(predicted[i], data.Labels[start + i]);
                advance(real);
            }
        });
        double seconds = clock.Elapsed.TotalSeconds;
        var result = new EvalJson(modelPath, datasetName, "test", accuracy.Count, accuracy.Correct, Math.Round(accuracy.Value, 6),
            Math.Round(seconds, 3), Math.Round(accuracy.Count / Math.Max(seconds, 1e-9), 1), batch);
        if (json)
        {
            Json.Write(env.Output, result);
        }
        else
        {
            env.Output.WriteLine($"model     {modelPath}");
            env.Output.WriteLine($"dataset   {datasetName} (test split), {Tables.Count(result.Count)} images");
            env.Output.WriteLine($"top-1     {Tables.Number(accuracy.Value, "0.0000")} ({Tables.Count(result.Correct)}/{Tables.Count(result.Count)})");
            env.Output.WriteLine($"time      {Tables.Number(seconds, "0.00")} s, {Tables.Number(result.ImagesPerSecond, "0")} images/s (batch {batch})");
        }
        return Program.ExitOk;
    }

    private sealed record EvalJson(string Model, string Dataset, string Split, int Count, int Correct, double Top1, double Seconds,
        double ImagesPerSecond, int Batch);
}
