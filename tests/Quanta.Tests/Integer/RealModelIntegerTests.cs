using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>Whole int8 TFLite models run on the integer reference kernels.</summary>
public class RealModelIntegerTests
{
    private static string Shared(string file) => TestData.Require(TestData.SharedPath("models", "tflite", file), "the shared folder (shared/models/tflite)");

    private static InferenceSession Open(string file) => new(TfliteImporter.Import(File.ReadAllBytes(Shared(file)), file));

    /// <summary>Every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED step ran on an integer kernel.</summary>
    private static void AssertHeavyOpsAreInteger(ExecutionPlan plan)
    {
        var heavy = plan.Steps.Where(s => s.Node.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED" or "TRANSPOSE_CONV").ToList();
        Assert.NotEmpty(heavy);
        Assert.All(heavy, s =>
        {
            Assert.True(s.Entry.Type is DataType.Int8 or DataType.Int16, $"{s.Node.OpType} '{s.Node.Name}' ran on {s.Entry.Type} kernel {s.KernelName}");
            Assert.StartsWith("qs", s.KernelName);
        });
    }

    private static Tensor Input(InferenceSession session, sbyte[] data)
    {
        var info = session.Inputs[0];
        var dims = info.Shape!.ToArray();
        for (int d = 0; d < dims.Length; d++) if (dims[d] == Shape.Unknown) dims[d] = 1;
        return Tensor.FromArray(new Shape(dims), data, info.Quant);
    }

    [SkippableFact]
    public void MicroSpeechOnSilenceGivesTflitesScores()
    {
        using var session = Open("micro_speech_quantized.tflite");
        var y = session.Run(Input(session, new sbyte[1960]))[0];
        Assert.Equal(new sbyte[] { -128, -121, -120, 113 }, y.ToArray<sbyte>());
        AssertHeavyOpsAreInteger(session.Plan!);
    }

    [SkippableFact]
    public void HelloWorldInt8ApproximatesSine()
    {
        using var session = Open("hello_world_int8.tflite");
        var inQ = session.Inputs[0].Quant!;
        double worst = 0;
        for (int i = 0; i <= 100; i++)
        {
            float x = (float)(2 * Math.PI * i / 100);
            sbyte q = (sbyte)Math.Clamp(Math.Round(x / inQ.Scale, MidpointRounding.AwayFromZero) + inQ.ZeroPoint, -128, 127);
            var y = session.Run(Input(session, [q]))[0];
            var outQ = y.Quant!;
            double value = outQ.Scale * (y.ToArray<sbyte>()[0] - outQ.ZeroPoint);
            worst = Math.Max(worst, Math.Abs(value - Math.Sin(x)));
        }
        Assert.True(worst < 0.15, $"largest error {worst:F3} on [0, 2π]");
        AssertHeavyOpsAreInteger(session.Plan!);
    }

    /// <summary>The palette indices of an 8-bit BMP, top row first, reinterpreted as int8.</summary>
    private static sbyte[] BmpIndices(string file)
    {
        var b = File.ReadAllBytes(Shared(file));
        int offset = BitConverter.ToInt32(b, 10), width = BitConverter.ToInt32(b, 18), height = BitConverter.ToInt32(b, 22);
        Assert.Equal(8, BitConverter.ToInt16(b, 28));
        int rows = Math.Abs(height), stride = (width + 3) & ~3;
        var pixels = new sbyte[width * rows];
        for (int r = 0; r < rows; r++)
        {
            int fileRow = height > 0 ? rows - 1 - r : r; // positive height: stored bottom-up
            for (int x = 0; x < width; x++) pixels[r * width + x] = unchecked((sbyte)b[offset + fileRow * stride + x]);
        }
        return pixels;
    }

    [SkippableTheory]
    [InlineData("person.bmp", true)]
    [InlineData("no_person.bmp", false)]
    public void PersonDetectSeparatesPersonFromNoPerson(string image, bool person)
    {
        using var session = Open("person_detect.tflite");
        var scores = session.Run(Input(session, BmpIndices(image)))[0].ToArray<sbyte>();
        Assert.True(person ? scores[1] > scores[0] : scores[0] > scores[1], $"scores [{scores[0]}, {scores[1]}] for {image}");
        AssertHeavyOpsAreInteger(session.Plan!);
    }

    [SkippableFact]
    public void MobileNetV2ClassifiesTheDogAsADog()
    {
        using var session = Open("mobilenet_v2_quantized_1x3x224x224.tflite");
        var data = File.ReadAllBytes(Shared("dog_1x3x224x224_int8.bin")).Select(v => unchecked((sbyte)v)).ToArray();
        var scores = session.Run(Input(session, data))[0].ToArray<sbyte>();
        int best = Array.IndexOf(scores, scores.Max());
        Assert.InRange(best, 151, 268); // ImageNet's dog classes
        AssertHeavyOpsAreInteger(session.Plan!);
    }
}
