using System.Text.RegularExpressions;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Onnx;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OnnxImport;

/// <summary>
/// ONNX's backend node tests (Debian libonnx-testdata: node, pytorch-converted,
/// pytorch-operator), one theory case per test folder: load model.onnx, run every
/// test_data_set_* (inputs by position), and compare with the expected outputs.
/// </summary>
/// <remarks>
/// A test that throws an <see cref="UnsupportedException"/> must be listed in
/// onnx-backend-skips.txt (then it is skipped with the listed reason); a listed test that
/// passes fails as stale. Any other exception or a wrong value fails, except for hand-written
/// "[values]" entries (see <see cref="OnnxBackendSkipList"/>). With QUANTA_WRITE_ONNX_SKIPS set,
/// the run regenerates the list instead of failing on unlisted or stale entries. Random-Dropout
/// tests and similar, which run but depend on numpy's random generator, must be added by hand.
/// </remarks>
public partial class OnnxBackendTests
{
    private static readonly string[] s_suites = ["node", "pytorch-converted", "pytorch-operator"];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var suite in s_suites)
        {
            string folder = Path.Combine(TestData.OnnxTestData, suite);
            if (!Directory.Exists(folder))
            {
                // One case per missing suite, which reports what to install.
                data.Add($"{suite}/(missing)");
                continue;
            }
            foreach (var test in Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                data.Add($"{suite}/{test}");
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesOnnxReference(string test)
    {
        string suite = test[..test.IndexOf('/', StringComparison.Ordinal)];
        TestData.Require(Path.Combine(TestData.OnnxTestData, suite), "apt package libonnx-testdata");
        string folder = Path.Combine(TestData.OnnxTestData, test);

        string? unsupported = null, mismatch = null;
        try
        {
            mismatch = Run(folder);
        }
        catch (QuantaException e) when (IsUnsupported(e))
        {
            unsupported = e.Message;
        }

        string? writePath = OnnxBackendSkipList.WritePath;
        bool listed = OnnxBackendSkipList.Committed.TryGetValue(test, out var reason);
        bool valuesEntry = listed && reason!.StartsWith(OnnxBackendSkipList.ValuesMarker, StringComparison.Ordinal);
        if (writePath is not null)
        {
            if (unsupported is not null) OnnxBackendSkipList.Write(writePath, test, unsupported);
            else if (mismatch is not null && valuesEntry) OnnxBackendSkipList.Write(writePath, test, reason!);
            Skip.If(unsupported is not null || (mismatch is not null && valuesEntry), "written to the skip list");
            Assert.True(mismatch is null, mismatch);
            return;
        }

        if (unsupported is not null)
        {
            if (!listed) Assert.Fail($"not in the skip list: {unsupported}");
            Skip.If(true, reason);
        }
        if (mismatch is not null)
        {
            if (valuesEntry) Skip.If(true, reason);
            Assert.Fail(listed ? $"listed as '{reason}', but now runs and gives wrong values: {mismatch}" : mismatch);
        }
        Assert.False(listed, $"stale skip entry: remove it ({test}\t{reason})");
    }

    /// <summary>Runs every data set of one test; returns null when all outputs match, else the first difference.</summary>
    private static string? Run(string folder)
    {
        var model = ModelLoader.Load(Path.Combine(folder, "model.onnx"));
        var sets = Directory.GetDirectories(folder, "test_data_set_*").Order(StringComparer.Ordinal)
            .Select(set => (Name: Path.GetFileName(set),
                            Inputs: ReadNumbered(set, "input").Select(OnnxTensorReader.ReadFile).ToArray(),
                            Expected: ReadNumbered(set, "output").Select(OnnxTensorReader.ReadFile).ToArray()))
            .ToList();
        // Checked before the session exists, so that the importer's inputs and outputs are tested
        // even while the model's ops cannot run yet.
        foreach (var (name, inputs, expected) in sets)
        {
            string? wrong = CheckSignature(name, "input", model.Graph.Inputs, inputs) ?? CheckSignature(name, "output", model.Graph.Outputs, expected);
            if (wrong is not null) return wrong;
        }
        using var session = new InferenceSession(model);
        foreach (var (set, inputs, expected) in sets)
        {
            var actual = session.Run(inputs);
            if (actual.Count != expected.Length)
                return $"{set}: {actual.Count} outputs, expected {expected.Length}";
            for (int i = 0; i < expected.Length; i++)
            {
                string? difference = OnnxBackendComparer.Compare($"{set} output {i} '{session.Outputs[i].Name}'", expected[i], actual[i]);
                if (difference is not null) return difference;
            }
        }
        return null;
    }

    /// <summary>
    /// True for an <see cref="UnsupportedException"/>, also when the runtime has wrapped one
    /// thrown by a kernel at run time (ExecutionPlan adds the step's name around it).
    /// </summary>
    private static bool IsUnsupported(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is UnsupportedException) return true;
        }
        return false;
    }

    /// <summary>Null when the tensors fit the graph's declared inputs (or outputs): count, type, known dims.</summary>
    private static string? CheckSignature(string set, string role, List<Value> declared, Tensor[] tensors)
    {
        if (declared.Count != tensors.Length)
            return $"{set}: the model has {declared.Count} {role}s ({string.Join(", ", declared.Select(v => v.Name))}); the data set has {tensors.Length}";
        for (int i = 0; i < tensors.Length; i++)
        {
            var v = declared[i];
            bool typeOk = v.Type == DataType.Undefined || v.Type == tensors[i].Type;
            bool shapeOk = v.Shape is null || (v.Shape.Rank == tensors[i].Shape.Rank
                && Enumerable.Range(0, v.Shape.Rank).All(d => v.Shape[d] == Shape.Unknown || v.Shape[d] == tensors[i].Shape[d]));
            if (!typeOk || !shapeOk)
                return $"{set}: {role} {i} '{v.Name}' is declared {v}, but the data set holds {tensors[i]}";
        }
        return null;
    }

    /// <summary>input_0.pb, input_1.pb, ... in numeric order (input_10 after input_9).</summary>
    private static IEnumerable<string> ReadNumbered(string folder, string prefix) =>
        Directory.GetFiles(folder, $"{prefix}_*.pb")
            .Select(f => (File: f, Match: NumberedFile().Match(Path.GetFileName(f))))
            .Where(x => x.Match.Success && x.Match.Groups[1].Value == prefix)
            .OrderBy(x => int.Parse(x.Match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select(x => x.File);

    [GeneratedRegex(@"^(input|output)_(\d+)\.pb$")]
    private static partial Regex NumberedFile();
}
