using Quanta.Cli;
using Xunit;

namespace Quanta.Tests.Cli;

/// <summary>Exit codes and error reporting of the tool, in-process.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HelpAndVersionSucceed()
    {
        var help = CliHarness.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("inspect <MODEL>", help.Stdout);
        Assert.Contains("run <MODEL>", help.Stdout);
        Assert.Contains("eval <MODEL>", help.Stdout);
        var runHelp = CliHarness.Run("run", "--help");
        Assert.Equal(0, runHelp.ExitCode);
        Assert.Contains("--output-dir", runHelp.Stdout);
        var version = CliHarness.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("inspect")]
    [InlineData("inspect a.onnx --bogus")]
    [InlineData("run a.onnx --output-dir out")]
    [InlineData("run a.onnx -i x.npy -o out --mean 0.5,abc")]
    [InlineData("eval a.onnx")]
    [InlineData("eval a.onnx --dataset imagenet")]
    [InlineData("eval a.onnx --dataset fashion-mnist --batch 0")]
    [InlineData("eval a.onnx --dataset fashion-mnist --limit x")]
    public void UsageErrorsExitWith2(string commandLine)
    {
        var r = CliHarness.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Program.ExitUsage, r.ExitCode);
        Assert.NotEqual("", r.Stderr.Trim());
        Assert.Contains("--help' for usage", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void BadModelFilesExitWith1AndAMessageWithoutStackTrace()
    {
        string garbage = Path.Combine(_dir, "garbage.onnx");
        File.WriteAllBytes(garbage, [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03]);
        string empty = Path.Combine(_dir, "empty.tflite");
        File.WriteAllBytes(empty, []);
        foreach (var path in new[] { garbage, empty, Path.Combine(_dir, "missing.onnx") })
        {
            foreach (var args in new[] { new[] { "inspect", path }, ["run", path, "-i", "x.npy", "-o", _dir], ["inspect", path, "--verbose"] })
            {
                var r = CliHarness.Run(args);
                Assert.Equal(Program.ExitError, r.ExitCode);
                Assert.StartsWith($"quanta: {path}: ", r.Stderr);
                Assert.DoesNotContain("   at ", r.Stderr);
                Assert.Equal("", r.Stdout);
            }
        }
    }

    [Fact]
    public void AMissingDatasetNamesItsPackage()
    {
        var r = CliHarness.Run("eval", CliHarness.DefaultModel, "--dataset", "fashion-mnist", "--data-dir", _dir);
        Assert.Equal(Program.ExitError, r.ExitCode);
        Assert.Contains("t10k-images-idx3-ubyte", r.Stderr);
        Assert.Contains("apt-get install dataset-fashion-mnist", r.Stderr);
    }

    private sealed class ExplodingWriter : StringWriter
    {
        public override void Write(char value) => throw new InvalidOperationException("boom");
        public override void Write(string? value) => throw new InvalidOperationException("boom");
        public override void WriteLine(string? value) => throw new InvalidOperationException("boom");
    }

    [Fact]
    public void AnUnexpectedExceptionIsABugWithExit3AndATraceOnlyWhenVerbose()
    {
        var err = new StringWriter();
        int code = Program.Run(["--help"], new ExplodingWriter(), err);
        Assert.Equal(Program.ExitBug, code);
        Assert.Contains("quanta: unexpected error: InvalidOperationException: boom", err.ToString());
        Assert.Contains("this is a bug", err.ToString());
        Assert.DoesNotContain("   at ", err.ToString());

        var verboseErr = new StringWriter();
        Assert.Equal(Program.ExitBug, Program.Run(["--help", "--verbose"], new ExplodingWriter(), verboseErr));
        Assert.Contains("   at ", verboseErr.ToString());
    }
}
