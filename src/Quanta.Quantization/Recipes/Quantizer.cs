using Quanta.Core;
using Quanta.Runtime;

namespace Quanta.Quantization;

/// <summary>
/// Post-training quantization in the four TFLite modes: prepares the float graph (folding,
/// fusions, fully-connected form), asks each op's quantizer how to treat the node, calibrates
/// activation ranges on representative samples when the mode needs them, and returns the plan.
/// </summary>
/// <example>
/// <code>
/// var data = CalibrationDatasets.Open("fashion-mnist", DataType.Float32, model.Graph.Inputs[0].Shape!);
/// var result = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Int8 }).Quantize(model, data);
/// var qdq = OnnxQdqEmitter.Emit(result);
/// </code>
/// </example>
public sealed class Quantizer
{
    /// <summary>Creates a quantizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A sample count or batch size below 1.</exception>
    public Quantizer(QuantizationOptions? options = null)
    {
        Options = options ?? new QuantizationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Samples, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.VerificationSamples, nameof(options));
        if (Options.InputOutputType is not (DataType.Float32 or DataType.Int8))
            throw new ArgumentOutOfRangeException(nameof(options), Options.InputOutputType, "the model's inputs and outputs are float32 or int8");
    }

    /// <summary>The options.</summary>
    public QuantizationOptions Options { get; }

    /// <summary>Quantizes <paramref name="model"/> (which is not changed).</summary>
    /// <param name="model">A float ONNX-domain model.</param>
    /// <param name="data">Calibration samples; required by the int8 and int16x8 modes, and used by
    /// every mode for verification when given.</param>
    /// <param name="progress">Calibration progress: samples done.</param>
    /// <param name="cancellation">Stops calibration between batches.</param>
    /// <exception cref="InvalidInputException">The mode needs calibration data and none was given.</exception>
    /// <exception cref="UnsupportedException">Nodes that the mode cannot quantize, all named, with
    /// how to leave them in float.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public QuantizationResult Quantize(Model model, ICalibrationDataset? data = null, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var mode = Options.Mode;
        if (mode.NeedsCalibration() && data is null)
            throw new InvalidInputException($"{QuantizationModes.NameOf(mode)} quantization needs calibration data to choose activation ranges: " +
                "give representative inputs (command line: --calibration fashion-mnist, or --calibration DIR with images or .npy files; " +
                "API: an ICalibrationDataset), or use --mode dynamic, which needs none");
        CheckFloatModel(model);

        var prepared = model.Clone();
        long opset = prepared.Opset > 0 ? prepared.Opset : 17;
        var reports = GraphPasses.Run(prepared.Graph, opset, GraphPasses.Preparation(new KernelNodeEvaluator(opset)));

        var planner = new QuantizationPlanner(prepared.Graph, Options);
        planner.Decide();
        if (planner.Unsupported.Count > 0) throw UnsupportedNodes(planner.Unsupported);

        var (calibration, verification) = SplitSamples(data);
        var ranges = new Dictionary<string, TensorRange>(StringComparer.Ordinal);
        if (mode.NeedsCalibration())
        {
            var target = mode == QuantizationMode.Int16x8 ? QuantTarget.Int16Activations : QuantTarget.Int8Activations;
            // The model's outputs keep their whole range whatever the method: clipping class
            // scores makes several classes tie at the top and changes the prediction. So do its
            // inputs: they are the user's data (normalized pixels, say), whose extremes carry
            // meaning — a histogram criterion clips the bright tail behind a background spike.
            var borders = new HashSet<string>(prepared.Graph.Outputs.Concat(prepared.Graph.Inputs).Select(v => v.Name), StringComparer.Ordinal);
            IRangeObserver Observer(string name) => borders.Contains(name) ? new MinMaxObserver() : Options.Calibration.CreateObserver();
            var observers = ActivationCollector.Collect(prepared, planner.ValuesToObserve().Select(v => v.Name), calibration!.Data,
                calibration.Count, Options.BatchSize, Observer, progress, cancellation);
            foreach (var (name, observer) in observers)
                ranges[name] = observer.HasData ? observer.ComputeRange(target) : new TensorRange(0, 0);
        }
        var plan = planner.Resolve(ranges);
        if (!mode.NeedsCalibration() && plan.Values.Count == 0)
            throw new InvalidInputException($"the model has no float weights (Conv, Gemm or MatMul constants) for {QuantizationModes.NameOf(mode)} quantization to store: nothing would change");
        return new QuantizationResult(prepared, plan, reports,
            mode.NeedsCalibration() ? calibration : null, verification);
    }

    private (SampleRange? Calibration, SampleRange? Verification) SplitSamples(ICalibrationDataset? data)
    {
        if (data is null || data.Count == 0) return (null, null);
        int available = data.Count;
        int held = available < 2 ? 0 : Math.Min(Options.VerificationSamples, Math.Max(1, available / 10));
        int calibrate = Math.Min(Options.Samples, available - held);
        var calibration = new SampleRange(data, 0, calibrate, Options.Calibration.Method);
        // With a single sample there is nothing to hold back: it serves both purposes.
        var verification = held > 0 ? new SampleRange(data, calibrate, held) : Options.VerificationSamples > 0 ? new SampleRange(data, 0, available) : null;
        return (calibration, verification);
    }

    private static void CheckFloatModel(Model model)
    {
        foreach (var node in model.Graph.Nodes)
        {
            if (node.Domain.Length != 0)
                throw new UnsupportedException($"{node.OpType} '{node.Name}' is in domain '{node.Domain}'; Quanta quantizes float ONNX-domain models");
            if (node.OpType is "QuantizeLinear" or "DequantizeLinear" or "QLinearConv" or "QLinearMatMul" or "DynamicQuantizeLinear")
                throw new UnsupportedException($"{node.OpType} '{node.Name}': the model is already quantized");
            // An op Quanta does not know could be neither calibrated nor verified.
            if (OpSchemas.Find(node) is null) throw new UnsupportedOperatorException(node.OpType, node.Name);
        }
    }

    private static UnsupportedException UnsupportedNodes(List<(Node Node, string Reason)> nodes)
    {
        var lines = nodes.Take(20).Select(n => $"  {n.Node.OpType} '{n.Node.Name}': {n.Reason}");
        string more = nodes.Count > 20 ? $"\n  … and {nodes.Count - 20} more" : "";
        var ops = nodes.Select(n => n.Node.OpType).Distinct().ToList();
        return new UnsupportedException($"{nodes.Count} node(s) cannot be quantized:\n{string.Join("\n", lines)}{more}\n" +
            $"leave them in float with --exclude {string.Join(",", ops)} (by op type) or by node name");
    }
}
