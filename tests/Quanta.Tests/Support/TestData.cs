using Xunit;

namespace Quanta.Tests.Support;

/// <summary>
/// Where tests find data: the repository, ../shared (read-only, next to the checkout), and Debian
/// packages. A test that needs an item that is missing fails under CI (CI=true) and is skipped
/// only on a developer machine, as the project's rules require.
/// </summary>
public static class TestData
{
    /// <summary>The repository root (the folder holding Quanta.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder next to the checkout.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>A path under ../shared.</summary>
    public static string SharedPath(params string[] parts) => Path.Combine([Shared, .. parts]);

    /// <summary>A path under the repository.</summary>
    public static string RepoPath(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>True when running under CI.</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Debian's libonnx-testdata root.</summary>
    public const string OnnxTestData = "/usr/share/libonnx-testdata/data";

    /// <summary>Debian's dataset-fashion-mnist folder.</summary>
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// Returns <paramref name="path"/> if it exists. Otherwise fails under CI, and elsewhere skips
    /// the test (use <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>), naming what to install.
    /// </summary>
    public static string Require(string path, string providedBy)
    {
        if (File.Exists(path) || Directory.Exists(path)) return path;
        string message = $"{path} is missing (provided by {providedBy})";
        if (UnderCi) Assert.Fail(message + " — CI must install it");
        Skip.If(true, message);
        return path;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Quanta.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Quanta.sln above " + AppContext.BaseDirectory);
    }
}
