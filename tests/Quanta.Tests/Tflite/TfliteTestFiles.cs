using Quanta.Core;
using Quanta.Formats.Tflite;
using Quanta.Tests.Support;

namespace Quanta.Tests.Tflite;

/// <summary>The TFLite models the tests read, and small helpers over imported graphs.</summary>
internal static class TfliteTestFiles
{
    /// <summary>A model under shared/models/tflite.</summary>
    public static string Model(string fileName) =>
        TestData.Require(TestData.SharedPath("models", "tflite", fileName), "the shared folder (shared/models/tflite)");

    /// <summary>The folder of the TFLite Micro SEANet conformance models.</summary>
    public static string SeanetFolder =>
        TestData.Require(TestData.SharedPath("conformance", "tflite-micro", "seanet"), "the shared folder (shared/conformance/tflite-micro)");

    /// <summary>Every .tflite file the importer must read: shared/models/tflite and the SEANet conformance models.</summary>
    public static IEnumerable<object[]> AllModels()
    {
        var models = Directory.EnumerateFiles(TestData.SharedPath("models", "tflite"), "*.tflite");
        var seanet = Directory.Exists(TestData.SharedPath("conformance", "tflite-micro", "seanet"))
            ? Directory.EnumerateFiles(TestData.SharedPath("conformance", "tflite-micro", "seanet"), "*.tflite", SearchOption.AllDirectories)
            : [];
        return models.Concat(seanet).Order(StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetRelativePath(TestData.Shared, p) });
    }

    /// <summary>Imports a model given by its path under shared/.</summary>
    public static Model Import(string relativePath)
    {
        string path = TestData.Require(TestData.SharedPath(relativePath), "the shared folder");
        return TfliteImporter.Import(File.ReadAllBytes(path), path);
    }

    /// <summary>How many nodes of each op type the graph holds.</summary>
    public static Dictionary<string, int> OpHistogram(Graph graph) =>
        graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
}
