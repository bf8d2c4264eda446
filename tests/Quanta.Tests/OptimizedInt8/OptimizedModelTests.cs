using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// Whole int8 TFLite models: the sessions on the optimized kernels (Vector128 and, where the CPU
/// has it, AVX2; one and two threads) must return exactly the bytes of the session on the reference
/// kernels, and their plans must actually use the optimized kernels for the heavy ops.
/// </summary>
public class OptimizedModelTests
{
    private static string Shared(string file) => TestData.Require(TestData.SharedPath("models", "tflite", file), "the shared folder (shared/models/tflite)");

    public static TheoryData<string, string> Models => new()
    {
        { "mobilenet_v2_quantized_1x3x224x224.tflite", "dog_1x3x224x224_int8.bin" },
        { "person_detect.tflite", "person.bmp" },
        { "micro_speech_quantized.tflite", "" },
    };

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void OptimizedPlansReproduceTheReferenceBitForBit(string model, string inputFile)
    {
        var graph = TfliteImporter.Import(File.ReadAllBytes(Shared(model)), model);
        using var reference = new InferenceSession(graph, new SessionOptions { MaxIsa = Isa.Reference });
        var info = reference.Inputs[0];
        var dims = info.Shape!.ToArray().Select(d => d == Shape.Unknown ? 1 : d).ToArray();
        var shape = new Shape(dims);
        var data = inputFile.Length == 0 ? new sbyte[shape.ElementCount] : InputBytes(Shared(inputFile), (int)shape.ElementCount);
        var input = Tensor.FromArray(shape, data, info.Quant);
        var expected = reference.Run(input)[0].ToArray<sbyte>();

        foreach (var isa in new[] { Isa.Vector128, Isa.Avx2 })
        {
            if (isa > CpuFeatures.Best) continue;
            foreach (int threads in new[] { 1, 2 })
            {
                using var session = new InferenceSession(graph, new SessionOptions { MaxIsa = isa, Threads = threads });
                var actual = session.Run(input)[0].ToArray<sbyte>();
                Assert.Equal(expected, actual);
                string suffix = isa == Isa.Avx2 ? "-avx2" : "-v128";
                var heavy = session.Plan!.Steps.Where(s => s.Node.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED").ToList();
                Assert.NotEmpty(heavy);
                Assert.All(heavy, s => Assert.EndsWith(suffix, s.KernelName, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>A raw int8 file, or the pixel bytes at the end of an 8-bit BMP (the model only needs realistic data).</summary>
    private static sbyte[] InputBytes(string path, int count)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Skip(Math.Max(bytes.Length - count, 0)).Take(count).Select(b => unchecked((sbyte)b)).ToArray();
    }
}
