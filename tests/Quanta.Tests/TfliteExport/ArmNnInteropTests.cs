using System.Diagnostics;
using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Quantization;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.TfliteExport;

/// <summary>
/// Quanta's int8 TFLite files read by an independent parser: Debian's Arm NN 20.08 (python3-pyarmnn,
/// TfLiteParser on the CpuRef backend), run in a separate process by scripts/armnn-tflite-run.py.
/// Arm NN computes quantized ops through float, so outputs may differ by rounding: within 1 LSB.
/// </summary>
/// <remarks>Per-tensor weights: Arm NN 20.08 rejects per-axis biases on depthwise convolutions
/// and aborts on per-channel fully-connected weights.</remarks>
public class ArmNnInteropTests(ITestOutputHelper output)
{
    private const string PyArmNn = "/usr/lib/python3/dist-packages/pyarmnn";
    private const int Samples = 32;

    /// <summary>x[1,1,8,8] → Conv 3×3 (1→4) → depthwise 3×3 → Relu → Add(conv, ·) → MaxPool 2×2 →
    /// AveragePool 4×4 → Flatten → Gemm(4→10) → Softmax.</summary>
    internal static Model ConvDepthwiseAddPoolFcSoftmax()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 1, 8, 8));
        var c = g.AddValue("c");
        g.AddNode("Conv", [x, g.AddConstant("conv_w", Random(new Shape(4, 1, 3, 3), 11)), g.AddConstant("conv_b", Random(new Shape(4), 12, 0.3f))], [c], "conv")
            .Attributes.Set("pads", [1L, 1, 1, 1]);
        var d = g.AddValue("d");
        var dw = g.AddNode("Conv", [c, g.AddConstant("dw_w", Random(new Shape(4, 1, 3, 3), 13, 0.5f)), g.AddConstant("dw_b", Random(new Shape(4), 14, 0.3f))], [d], "depthwise");
        dw.Attributes.Set("pads", [1L, 1, 1, 1]);
        dw.Attributes.Set("group", 4L);
        var r = g.AddValue("r");
        g.AddNode("Relu", [d], [r], "relu");
        var s = g.AddValue("s");
        g.AddNode("Add", [c, r], [s], "add");
        var m = g.AddValue("m");
        var max = g.AddNode("MaxPool", [s], [m], "maxpool");
        max.Attributes.Set("kernel_shape", [2L, 2]);
        max.Attributes.Set("strides", [2L, 2]);
        var a = g.AddValue("a");
        var avg = g.AddNode("AveragePool", [m], [a], "avgpool");
        avg.Attributes.Set("kernel_shape", [4L, 4]);
        var f = g.AddValue("f");
        g.AddNode("Flatten", [a], [f], "flatten");
        var l = g.AddValue("l");
        g.AddNode("Gemm", [f, g.AddConstant("fc_w", Random(new Shape(10, 4), 15, 0.8f)), g.AddConstant("fc_b", Random(new Shape(10), 16, 0.2f))], [l], "fc")
            .Attributes.Set("transB", 1L);
        var y = g.AddValue("y");
        g.AddNode("Softmax", [l], [y], "softmax").Attributes.Set("axis", -1L);
        g.Outputs.Add(y);
        GraphShapeInference.Run(g, 17);
        return ModelOf(g);
    }

    [SkippableFact]
    public void ArmNnRunsTheExportedInt8ModelWithinOneLsb()
    {
        TestData.Require(PyArmNn, "apt package python3-pyarmnn");
        var result = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Int8, PerChannel = false, InputOutputType = DataType.Int8, Samples = 200, BatchSize = 1, VerificationSamples = 0 })
            .Quantize(ConvDepthwiseAddPoolFcSoftmax(), new PostTraining.QuantizerTestModels.RandomData(new Shape(1, 1, 8, 8), 200));
        var emitted = TfliteEmitter.Emit(result).Model;
        Assert.Equal(["RESHAPE", "CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "MAX_POOL_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"],
            emitted.Graph.Nodes.Select(n => n.OpType));
        Assert.All(emitted.Graph.Values.Where(v => v.IsConstant && v.Type == DataType.Int8), w => Assert.False(w.Quant!.IsPerAxis));
        byte[] bytes = TfliteExporter.Export(emitted);

        var model = TfliteImporter.Import(bytes, "exported");
        var input = model.Graph.Inputs[0];
        var samples = new PostTraining.QuantizerTestModels.RandomData(new Shape(1, 1, 8, 8), Samples, 7);
        var inputs = Enumerable.Range(0, Samples).Select(i => QuantScheme.Quantize(samples.Batch(i, 1)[0], DataType.Int8, input.Quant!)).ToList();
        using var session = new InferenceSession(model);
        var expected = inputs.SelectMany(t => session.Run(t)[0].AsSpan<sbyte>().ToArray()).ToArray();

        string dir = Directory.CreateTempSubdirectory("quanta-armnn-").FullName;
        try
        {
            string modelPath = Path.Combine(dir, "model.tflite"), inPath = Path.Combine(dir, "in.bin"), outPath = Path.Combine(dir, "out.bin");
            File.WriteAllBytes(modelPath, bytes);
            File.WriteAllBytes(inPath, inputs.SelectMany(t => t.Bytes.ToArray()).ToArray());
            RunArmNn(modelPath, inPath, outPath);
            var actual = Array.ConvertAll(File.ReadAllBytes(outPath), b => (sbyte)b);
            Assert.Equal(expected.Length, actual.Length);
            int worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            output.WriteLine($"{Samples} samples, largest difference {worst} LSB");
            Assert.InRange(worst, 0, 1);
            for (int i = 0; i < Samples; i++)
                Assert.Equal(ArgMax(expected.AsSpan(i * 10, 10)), ArgMax(actual.AsSpan(i * 10, 10)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private void RunArmNn(string model, string input, string result)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { TestData.RepoPath("scripts", "armnn-tflite-run.py"), model, input, result }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "Arm NN did not finish in 2 minutes");
        output.WriteLine(stdout.Result);
        Assert.True(process.ExitCode == 0, $"Arm NN failed (exit {process.ExitCode}): {stderr}");
    }

    private static int ArgMax(ReadOnlySpan<sbyte> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best]) best = i;
        }
        return best;
    }
}
