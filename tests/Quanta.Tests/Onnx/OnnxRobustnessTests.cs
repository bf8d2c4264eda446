using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Onnx;
using Quanta.Tests.Support;
using Xunit;
using static Quanta.Tests.OnnxImport.OnnxModelBuilder;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

/// <summary>
/// Whatever the bytes, importing either succeeds or throws a <see cref="QuantaException"/>:
/// never another exception, a hang, or an allocation sized by a corrupt field.
/// </summary>
public class OnnxRobustnessTests
{
    private static string MobileNetPath =>
        TestData.Require(TestData.SharedPath("models", "onnx", "fmnist_mobilenet_v1.onnx"), "the shared model folder");

    // A small model that uses most of the format: typed and raw initializers, a Constant node,
    // attributes of several kinds, an old opset so the upgrader runs, value_info.
    private static byte[] SmallModel()
    {
        var b = new OnnxModelBuilder(9).Input("x", OnnxType.Float, "n", 2, 3).Output("y", OnnxType.Float, "n", 6);
        b.Initializer(FloatTensor("w", [3], 1f, 2f, 3f));
        b.Initializer(RawTensor("shape", OnnxType.Int64, [2], [0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]));
        b.Node("Constant", [], ["k"], "k", Floats("value_floats", 0.5f, 0.5f, 0.5f));
        b.Node("Mul", ["x", "w"], ["t"], "mul");
        b.Node("Add", ["t", "k"], ["u"], "add");
        b.Node("Clip", ["u"], ["c"], "clip", Float("min", 0f), Float("max", 6f));
        b.Node("Reshape", ["c", "shape"], ["y"], "reshape");
        b.Graph.ValueInfo.Add(ValueInfo("t", OnnxType.Float, "n", 2, 3));
        return b.ToBytes();
    }

    private static void ImportOrQuantaError(byte[] bytes, string what)
    {
        try
        {
            OnnxImporter.Import(bytes, what, baseDirectory: null);
        }
        catch (QuantaException)
        {
            // The expected outcome for most damaged files.
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}");
        }
    }

    [Fact]
    public void EmptyAndGarbageInputsAreFormatErrors()
    {
        Assert.Throws<ModelFormatException>(() => OnnxImporter.Import([], "empty.onnx", null));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load([], "empty.onnx", null));
        Assert.Throws<ModelFormatException>(() => OnnxImporter.Import("not a model at all"u8.ToArray(), "text.onnx", null));
        // Field 7 (graph), length-delimited, claiming 2^31 bytes that are not there.
        Assert.Throws<ModelFormatException>(() => OnnxImporter.Import([0x3A, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01], "huge.onnx", null));
    }

    [Fact]
    public void EveryPrefixOfASmallModel()
    {
        var bytes = SmallModel();
        Assert.NotNull(OnnxImporter.Import(bytes, "small.onnx", null));
        for (int n = 0; n < bytes.Length; n++) ImportOrQuantaError(bytes[..n], $"small.onnx[..{n}]");
    }

    [SkippableFact]
    public void PrefixesOfARealModel()
    {
        var bytes = File.ReadAllBytes(MobileNetPath);
        // Every 7th prefix where the file's structure is dense (nodes come first, graph inputs
        // and outputs last), and 100 spread over the initializers in between.
        var lengths = new SortedSet<int>();
        for (int n = 0; n < Math.Min(bytes.Length, 16384); n += 7) lengths.Add(n);
        for (int n = Math.Max(0, bytes.Length - 2048); n < bytes.Length; n += 7) lengths.Add(n);
        for (int i = 0; i < 100; i++) lengths.Add((int)((long)bytes.Length * i / 100));
        foreach (int n in lengths) ImportOrQuantaError(bytes[..n], $"mobilenet[..{n}]");
    }

    [Fact]
    public void RandomBitFlipsInASmallModel()
    {
        var original = SmallModel();
        var random = new Random(20240601);
        for (int trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            ImportOrQuantaError(bytes, $"small.onnx trial {trial}");
        }
    }

    [SkippableFact]
    public void RandomBitFlipsInARealModel()
    {
        var original = File.ReadAllBytes(MobileNetPath);
        var random = new Random(7);
        // Flips in the structured head and tail of the file; the bulk is raw weight bytes, where
        // any value is valid.
        for (int trial = 0; trial < 200; trial++)
        {
            var bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(2) == 0 ? random.Next(Math.Min(65536, bytes.Length)) : bytes.Length - 1 - random.Next(Math.Min(4096, bytes.Length));
                bytes[at] ^= (byte)(1 << random.Next(8));
            }
            ImportOrQuantaError(bytes, $"mobilenet trial {trial}");
        }
    }
}
