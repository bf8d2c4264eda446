using System.Globalization;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.TensorOps;

/// <summary>
/// The TFLite Micro SEANet goldens for the data-movement ops (int16 STRIDED_SLICE and PAD): each
/// model imported, run on its input CSV, and compared element for element with TFLite's output.
/// </summary>
public class SeanetConformanceTests
{
    private static string Folder(string op) =>
        TestData.Require(TestData.SharedPath("conformance", "tflite-micro", "seanet", op), "the shared folder (shared/conformance/tflite-micro)");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var op in new[] { "strided_slice", "pad" })
        {
            var dir = TestData.SharedPath("conformance", "tflite-micro", "seanet", op);
            if (!Directory.Exists(dir)) continue;
            foreach (var model in Directory.EnumerateFiles(dir, "*.tflite").Order(StringComparer.Ordinal))
                data.Add(op, Path.GetFileNameWithoutExtension(model));
        }
        if (data.Count == 0) data.Add("strided_slice", "strided_slice0"); // reported missing by Require
        return data;
    }

    private static long[] ReadCsv(string path) =>
        File.ReadAllText(path).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static Tensor FromValues(DataType type, Shape shape, long[] values, QuantParams? quant)
    {
        var t = Tensor.Zeros(type, shape, quant);
        Assert.Equal(shape.ElementCount, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case DataType.Int16: t.AsSpan<short>()[i] = checked((short)values[i]); break;
                case DataType.Int32: t.AsSpan<int>()[i] = checked((int)values[i]); break;
                case DataType.Int8: t.AsSpan<sbyte>()[i] = checked((sbyte)values[i]); break;
                default: throw new NotSupportedException($"{type} inputs");
            }
        }
        return t;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesTheTfliteGolden(string op, string name)
    {
        string dir = Folder(op);
        using var session = new InferenceSession(Path.Combine(dir, name + ".tflite"));
        var inputs = session.Inputs.Select((info, k) =>
        {
            var csv = Directory.EnumerateFiles(dir, $"{name}_input{k}_*.csv").Single();
            return FromValues(info.Type, info.Shape!, ReadCsv(csv), info.Quant);
        }).ToArray();
        var y = session.Run(inputs)[0];
        var golden = ReadCsv(Directory.EnumerateFiles(dir, $"{name}_golden_*.csv").Single());
        Assert.Equal(golden.Length, y.ElementCount);
        Assert.Equal(golden, y.ToInt64Array());
        Assert.Contains(ModelLoader.Load(Path.Combine(dir, name + ".tflite")).Graph.Nodes, n => n.OpType == op.ToUpperInvariant());
    }
}
