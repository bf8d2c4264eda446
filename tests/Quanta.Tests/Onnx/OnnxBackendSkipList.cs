using Quanta.Tests.Support;

namespace Quanta.Tests.OnnxImport;

/// <summary>
/// The committed list of ONNX backend tests that cannot pass yet (onnx-backend-skips.txt), and
/// the writer that regenerates it when QUANTA_WRITE_ONNX_SKIPS names a file.
/// </summary>
/// <remarks>
/// Lines are <c>suite/test_name&lt;TAB&gt;reason</c>; '#' starts a comment. A reason copied from an
/// UnsupportedException covers a test that throws it. A reason starting with
/// <see cref="ValuesMarker"/> is written by hand for a test that runs but cannot reproduce ONNX's
/// expected values (random-Dropout tests and similar: "depends on numpy's random generator").
/// </remarks>
internal static class OnnxBackendSkipList
{
    /// <summary>Prefix of hand-written reasons for tests that run but cannot match the expected values.</summary>
    public const string ValuesMarker = "[values] ";

    public const string WriteVariable = "QUANTA_WRITE_ONNX_SKIPS";

    private static readonly Lazy<Dictionary<string, string>> s_committed = new(() => Parse(CommittedPath));
    private static readonly Lock s_writeLock = new();
    private static SortedDictionary<string, string>? s_written;

    public static string CommittedPath => TestData.RepoPath("tests", "Quanta.Tests", "Onnx", "onnx-backend-skips.txt");

    /// <summary>The committed entries, test → reason.</summary>
    public static IReadOnlyDictionary<string, string> Committed => s_committed.Value;

    /// <summary>The file to regenerate (absolute, or relative to the repository root), or null.</summary>
    public static string? WritePath
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(WriteVariable);
            return string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path, TestData.RepoRoot);
        }
    }

    public static Dictionary<string, string> Parse(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return entries;
        foreach (var raw in File.ReadLines(path))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0) throw new FormatException($"{path}: line '{line}' is not 'suite/test<TAB>reason'");
            entries[line[..tab]] = line[(tab + 1)..];
        }
        return entries;
    }

    /// <summary>
    /// Adds an entry to the regenerated list. The first call of a run starts the file afresh, so
    /// the file ends up holding exactly this run's entries, sorted, under the header.
    /// </summary>
    public static void Write(string path, string test, string reason)
    {
        lock (s_writeLock)
        {
            s_written ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
            s_written[test] = OneLine(reason);
            using var writer = new StreamWriter(path, append: false);
            writer.Write(Header);
            foreach (var (t, r) in s_written) writer.Write($"{t}\t{r}\n");
        }
    }

    private static string OneLine(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private const string Header = """
        # ONNX backend node tests (Debian libonnx-testdata) that Quanta cannot pass yet.
        # Format: suite/test_name<TAB>reason. Read by OnnxBackendTests: a test that throws an
        # UnsupportedException must be listed here; a listed test that passes fails as stale.
        #
        # Regenerate after merging kernels (from the repository root):
        #   QUANTA_WRITE_ONNX_SKIPS=tests/Quanta.Tests/Onnx/onnx-backend-skips.txt \
        #     dotnet test tests/Quanta.Tests --filter "FullyQualifiedName~OnnxBackendTests"
        # The run rewrites this file with every UnsupportedException message, and keeps hand-written
        # "[values] ..." entries whose tests still give other values than ONNX's.
        #
        # Tests that run but cannot reproduce ONNX's values must be added by hand with a reason
        # starting "[values] ", e.g. training-mode/random Dropout: "[values] depends on numpy's
        # random generator".

        """;
}
