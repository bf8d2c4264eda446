using System.CommandLine;
using Quanta.Cli.Output;
using Quanta.Core;
using Quanta.Data.Images;
using Quanta.Data.TensorFiles;
using Quanta.Formats;
using Quanta.Quantization;

namespace Quanta.Cli.Commands;

/// <summary>
/// <c>quanta quantize MODEL -o OUT --mode int8|dynamic|float16|int16x8 …</c>: post-training
/// quantization, verified before it is written. The model is quantized, run beside the float
/// model on held-back samples (SQNR of the outputs and of every layer), and only then written,
/// atomically: a failure or Ctrl-C leaves no file behind.
/// </summary>
internal static class QuantizeCommand
{
    /// <summary>The default calibration method.</summary>
    public const CalibrationMethod DefaultMethod = CalibrationMethod.MinMax;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("MODEL") { Description = "The float model (.onnx)" };
        var output = new Option<string>("--output", "-o") { Description = "The quantized model; the format follows the extension (.onnx or .tflite)", Required = true, HelpName = "OUT" };
        var mode = new Option<string>("--mode", "-m") { Description = "int8 (full integer, default), dynamic (int8 weights), float16 (half weights) or int16x8", DefaultValueFactory = _ => "int8" };
        mode.AcceptOnlyFromAmong("int8", "dynamic", "float16", "int16x8");
        var calibration = new Option<string>("--calibration", "-c")
        {
            Description = "Representative inputs: 'fashion-mnist' (its training split) or a folder of images or .npy files, one sample per file",
            HelpName = "DATA",
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder holding Fashion-MNIST's files (default: Debian's dataset-fashion-mnist)", HelpName = "DIR" };
        var samples = EvalCommand.Positive(new Option<int?>("--samples", "-n") { Description = "Calibration samples (default 500); up to 100 further samples are held back for verification", HelpName = "N" });
        var method = new Option<string>("--method") { Description = $"How activation ranges are chosen (default {CalibrationSettings.NameOf(DefaultMethod)})", HelpName = "METHOD" };
        method.AcceptOnlyFromAmong("minmax", "moving-average", "percentile", "entropy", "mse");
        var perTensor = new Option<bool>("--per-tensor") { Description = "One weight scale per tensor instead of one per output channel" };
        var exclude = new Option<string[]>("--exclude", "-x")
        {
            Description = "Node names or op types to leave in float (comma-separated or repeated)",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            HelpName = "NAME|OP",
        };
        var form = new Option<string>("--onnx-format", "--form") { Description = "ONNX form of an int8 model: qdq (default) or qoperator (QLinearConv, QGemm, QLinearAdd…)", DefaultValueFactory = _ => "qdq" };
        form.AcceptOnlyFromAmong(QuantizeOutput.Forms);
        var io = new Option<string>("--io") { Description = "Type of an int8 model's input and output: float (default) or int8", DefaultValueFactory = _ => "float" };
        io.AcceptOnlyFromAmong("float", "int8");
        var mean = RunCommand.FloatList("--mean", "Image calibration data: per-channel mean subtracted after scaling pixels to 0–1");
        var std = RunCommand.FloatList("--std", "Image calibration data: per-channel standard deviation divided by after the mean");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("quantize", "Quantize a float model (post-training), verify it against the float model, then write it")
        {
            model, output, mode, calibration, dataDir, samples, method, perTensor, exclude, form, io, mean, std, json,
        };
        command.SetAction((parsed, cancellation) =>
        {
            var request = new QuantizeRequest(
                parsed.GetRequiredValue(model), parsed.GetRequiredValue(output), QuantizationModes.Parse(parsed.GetValue(mode) ?? "int8"),
                parsed.GetValue(calibration), parsed.GetValue(dataDir), parsed.GetValue(samples) ?? 500,
                parsed.GetValue(method) is { } m ? CalibrationSettings.ParseMethod(m) : DefaultMethod, parsed.GetValue(perTensor),
                (parsed.GetValue(exclude) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
                parsed.GetValue(form) ?? "qdq", parsed.GetValue(io) == "int8" ? DataType.Int8 : DataType.Float32,
                new ImageTensorOptions { Mean = NullIfEmpty(parsed.GetValue(mean)), Std = NullIfEmpty(parsed.GetValue(std)) }, parsed.GetValue(json));
            return Task.FromResult(Execute(env, request, cancellation));
        });
        return command;
    }

    private static float[]? NullIfEmpty(float[]? values) => values is { Length: > 0 } ? values : null;

    private static int Execute(CliEnvironment env, QuantizeRequest request, CancellationToken cancellation)
    {
        // Everything that can be refused is checked before any work, and nothing is written
        // until the quantized model has run beside the float one.
        QuantizeOutput.Check(request.Output, request.Mode, request.Form);
        var model = ModelLoader.Load(request.ModelPath);
        long floatBytes = new FileInfo(request.ModelPath).Length;
        var data = OpenData(request, model);
        var options = new QuantizationOptions
        {
            Mode = request.Mode,
            PerChannel = !request.PerTensor,
            Calibration = new CalibrationSettings { Method = request.Method },
            Samples = request.Samples,
            Exclude = request.Exclude,
            InputOutputType = request.Mode == QuantizationMode.Int8 ? request.Io : DataType.Float32,
            OnnxFormat = OnnxEmitter.ParseFormat(request.Form),
        };
        var quantizer = new Quantizer(options);
        QuantizationResult result = null!;
        if (request.Mode.NeedsCalibration() && data is not null)
        {
            int total = Math.Min(request.Samples, data.Count);
            ProgressReporter.Run(env, "calibrate", total, "samples", advance =>
            {
                int reported = 0;
                result = quantizer.Quantize(model, data, new InlineProgress(done =>
                {
                    advance(done - reported);
                    reported = done;
                }), cancellation);
            });
        }
        else
        {
            result = quantizer.Quantize(model, data, null, cancellation);
        }

        var (emitted, bytes) = QuantizeOutputFormat.Emit(request.Output, result, request.Form);
        var verification = result.Verification ?? new SampleRange(new RandomSamples(result.FloatModel, 16), 0, 16);
        var report = QuantizationVerifier.Verify(result.FloatModel, emitted, verification, cancellation: cancellation);

        cancellation.ThrowIfCancellationRequested();
        AtomicFile.Write(request.Output, bytes);
        QuantizeReport.Print(env, request, result, report, verification, floatBytes, bytes.LongLength);
        return Program.ExitOk;
    }

    private static ICalibrationDataset? OpenData(QuantizeRequest request, Core.Model model)
    {
        if (request.Calibration is null) return null;
        if (model.Graph.Inputs.Count != 1)
            throw new InvalidInputException($"--calibration feeds models with one input; this one has {model.Graph.Inputs.Count}");
        var input = model.Graph.Inputs[0];
        var imageOptions = new ImageTensorOptions { Mean = request.ImageOptions.Mean, Std = request.ImageOptions.Std, PreferredLayout = ImageLayout.Nchw };
        return CalibrationDatasets.Open(request.Calibration, input.Type, input.Shape ?? throw new InvalidInputException($"input '{input.Name}' has no known shape"),
            request.DataDir, imageOptions);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

/// <summary>The parsed command line of <c>quanta quantize</c>.</summary>
internal sealed record QuantizeRequest(string ModelPath, string Output, QuantizationMode Mode, string? Calibration, string? DataDir, int Samples,
    CalibrationMethod Method, bool PerTensor, string[] Exclude, string Form, DataType Io, ImageTensorOptions ImageOptions, bool Json);
