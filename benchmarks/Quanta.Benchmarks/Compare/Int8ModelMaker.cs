using System.Diagnostics;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Onnx;
using Quanta.Quantization;

namespace Quanta.Benchmarks.Compare;

/// <summary>
/// Makes the int8 model both engines read, with Quanta's own quantizer: int8 S8S8 QDQ, per-channel
/// weights, min-max activation ranges from a few seeded N(0, 1) samples (the benchmark models have
/// random weights, so real images would not be more representative), written next to the float model.
/// </summary>
internal static class Int8ModelMaker
{
    /// <summary>The int8 file of <paramref name="floatPath"/>: <c>NAME_int8.onnx</c> beside it.</summary>
    public static string PathFor(string floatPath) =>
        Path.Combine(Path.GetDirectoryName(floatPath) ?? ".", Path.GetFileNameWithoutExtension(floatPath) + "_int8.onnx");

    /// <summary>Writes the int8 model unless an up-to-date one exists; returns the seconds spent (0 when reused).</summary>
    public static double Ensure(string floatPath, int samples, bool force)
    {
        string path = PathFor(floatPath);
        if (!force && File.Exists(path) && File.GetLastWriteTimeUtc(path) >= File.GetLastWriteTimeUtc(floatPath)) return 0;
        var clock = Stopwatch.StartNew();
        var model = ModelLoader.Load(floatPath);
        var options = new QuantizationOptions
        {
            Mode = QuantizationMode.Int8,
            PerChannel = true,
            Calibration = new CalibrationSettings { Method = CalibrationMethod.MinMax },
            Samples = samples,
            VerificationSamples = 0,
            BatchSize = 1,
        };
        var result = new Quantizer(options).Quantize(model, new RandomSamples(model, samples, seed: 1234));
        var emitted = OnnxQdqEmitter.Emit(result).Model;
        ExpandPerAxisZeroPoints(emitted.Graph);
        var bytes = OnnxExporter.Export(emitted);
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Gives every per-axis DequantizeLinear an explicit zero-point vector as long as its scale
    /// vector. The emitter leaves the (optional, all-zero) zero point out; ONNX Runtime accepts that,
    /// but Quanta's QDQ fusion on main then binds a scalar zero point against a per-channel scale and
    /// refuses the node (h-ptqv fixes this in the runtime). Both engines must read the same file,
    /// so the file spells the zeros out; its meaning does not change.
    /// </summary>
    private static void ExpandPerAxisZeroPoints(Graph g)
    {
        foreach (var node in g.Nodes.Where(n => n.OpType == "DequantizeLinear").ToArray())
        {
            if (node.InputOrNull(1)?.Constant is not { ElementCount: > 1 } scale || node.InputOrNull(2) is not null || node.Inputs[0] is not { } x)
                continue;
            var zeros = g.AddConstant(g.UniqueName(x.Name + "_zero_point"), Tensor.Zeros(x.Type, scale.Shape));
            while (node.Inputs.Count < 3) node.Inputs.Add(null);
            node.Inputs[2] = zeros;
        }
    }

    /// <summary>The QDQ pairs and the op types quantized, for the report.</summary>
    public static string Describe(string int8Path)
    {
        var g = ModelLoader.Load(int8Path).Graph;
        int q = g.Nodes.Count(n => n.OpType == "QuantizeLinear"), dq = g.Nodes.Count(n => n.OpType == "DequantizeLinear");
        return $"{q} QuantizeLinear, {dq} DequantizeLinear, {g.Nodes.Count} nodes";
    }
}
