using System.Globalization;
using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>
/// The acceptance test of the integer runtime: every single-layer SEANet model of TFLite Micro's
/// integration tests (int16 activations × int8 weights) must reproduce TFLite's output exactly.
/// Layout of the cases: shared/conformance/tflite-micro/README.md.
/// </summary>
public class SeanetConformanceTests
{
    private static string Folder => TestData.SharedPath("conformance", "tflite-micro", "seanet");

    public static IEnumerable<object[]> Cases()
    {
        if (!Directory.Exists(Folder)) return [new object[] { "missing" }];
        return Directory.EnumerateFiles(Folder, "*.tflite", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Folder, p)[..^".tflite".Length])
            .Order(StringComparer.Ordinal)
            .Select(c => new object[] { c });
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesTheTfliteGoldenExactly(string testCase)
    {
        TestData.Require(Folder, "the shared folder (shared/conformance/tflite-micro)");
        string basePath = Path.Combine(Folder, testCase);
        string dir = Path.GetDirectoryName(basePath)!, name = Path.GetFileName(basePath);
        var model = TfliteImporter.Import(File.ReadAllBytes(basePath + ".tflite"), basePath + ".tflite");
        using var session = new InferenceSession(model);

        var inputs = new Tensor[session.Inputs.Count];
        for (int k = 0; k < inputs.Length; k++)
        {
            string csv = Directory.GetFiles(dir, $"{name}_input{k}_*.csv").Single();
            inputs[k] = FromCsv(session.Inputs[k], ReadCsv(csv));
        }
        var output = session.Run(inputs)[0];
        var golden = ReadCsv(Directory.GetFiles(dir, $"{name}_golden_*.csv").Single());

        Assert.Equal(golden.Length, output.ElementCount);
        int mismatches = 0, first = -1;
        for (int i = 0; i < golden.Length; i++)
        {
            if (output.GetInt64(i) == golden[i]) continue;
            mismatches++;
            if (first < 0) first = i;
        }
        if (mismatches > 0)
            Assert.Fail($"{testCase}: {mismatches} of {golden.Length} elements differ; first at {first}: {output.GetInt64(first)} vs golden {golden[first]}");
    }

    private static long[] ReadCsv(string path) =>
        File.ReadAllText(path).Split([',', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A tensor of the input's declared type and shape (an unknown dimension takes what the values leave).</summary>
    private static Tensor FromCsv(TensorInfo info, long[] values)
    {
        var dims = (info.Shape ?? new Shape(values.Length)).ToArray();
        long known = dims.Where(d => d != Shape.Unknown).Aggregate(1L, (a, d) => a * d);
        for (int d = 0; d < dims.Length; d++) if (dims[d] == Shape.Unknown) dims[d] = (int)(values.Length / known);
        var shape = new Shape(dims);
        return info.Type switch
        {
            DataType.Int16 => Tensor.FromArray(shape, values.Select(v => checked((short)v)).ToArray(), info.Quant),
            DataType.Int32 => Tensor.FromArray(shape, values.Select(v => checked((int)v)).ToArray(), info.Quant),
            DataType.Int8 => Tensor.FromArray(shape, values.Select(v => checked((sbyte)v)).ToArray(), info.Quant),
            _ => throw new NotSupportedException($"input type {info.Type}"),
        };
    }
}
