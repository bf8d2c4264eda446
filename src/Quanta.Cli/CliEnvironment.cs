using Spectre.Console;

namespace Quanta.Cli;

/// <summary>
/// Where a command writes: standard output (results, tables, JSON) and standard error (errors,
/// progress), and whether the error stream is a terminal that can show live progress. Tests make
/// one over string writers.
/// </summary>
internal sealed class CliEnvironment
{
    /// <summary>Creates an environment over two writers.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">True when standard error is a terminal and not under CI: live
    /// progress bars and colours; false gives plain text and periodic progress lines.</param>
    public CliEnvironment(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = CreateConsole(output, interactive);
        ErrorConsole = CreateConsole(error, interactive);
    }

    /// <summary>The environment of the real process.</summary>
    public static CliEnvironment FromProcess()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        return new CliEnvironment(System.Console.Out, System.Console.Error, interactive: !ci && !System.Console.IsErrorRedirected);
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>True when live progress and colours may be used.</summary>
    public bool Interactive { get; }

    /// <summary>Spectre console over standard output (tables).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Spectre console over standard error (progress).</summary>
    public IAnsiConsole ErrorConsole { get; }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Redirected output has no width of its own; 120 columns keep tables readable in logs.
        if (!interactive) console.Profile.Width = 120;
        return console;
    }
}
