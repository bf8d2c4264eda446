using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Quanta.Cli.Commands;
using Quanta.Core;

namespace Quanta.Cli;

/// <summary>Entry point of the <c>quanta</c> tool.</summary>
/// <remarks>
/// Exit codes: 0 success; 1 an error Quanta reports on purpose (<see cref="QuantaException"/>:
/// bad file, unsupported op, wrong input), printed as <c>quanta: message</c> without a stack
/// trace; 2 a usage error (unknown option, missing argument); 3 an unexpected exception, which
/// is a bug (its stack trace is printed with <c>--verbose</c>).
/// </remarks>
public static class Program
{
    /// <summary>Success.</summary>
    public const int ExitOk = 0;
    /// <summary>A <see cref="QuantaException"/>: the input (model, data, options) is at fault.</summary>
    public const int ExitError = 1;
    /// <summary>The command line could not be parsed.</summary>
    public const int ExitUsage = 2;
    /// <summary>An unexpected exception: a bug in Quanta.</summary>
    public const int ExitBug = 3;

    /// <summary>Runs the tool on the process's console.</summary>
    public static int Main(string[] args) => Run(args, CliEnvironment.FromProcess());

    /// <summary>Runs the tool writing to <paramref name="output"/> and <paramref name="error"/>
    /// (plain text, no live progress), as tests do.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new CliEnvironment(output, error, interactive: false));

    internal static int Run(string[] args, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces of unexpected errors", Recursive = true };
        var root = new RootCommand("Quanta: inspect, run, evaluate and quantize ONNX and TFLite models in .NET.")
        {
            InspectCommand.Create(env),
            RunCommand.Create(env),
            EvalCommand.Create(env),
            QuantizeCommand.Create(env),
            BenchCommand.Create(env),
        };
        root.Options.Add(verbose);

        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = env.Output, Error = env.Error, EnableDefaultExceptionHandler = false };
        if (parsed.Action is ParseErrorAction errorAction)
        {
            // The errors and a pointer to help; the full help text would bury the error.
            errorAction.ShowHelp = false;
            parsed.Invoke(config);
            env.Error.WriteLine($"Run '{string.Join(' ', ["quanta", .. CommandPath(parsed)])} --help' for usage.");
            return ExitUsage;
        }
        try
        {
            return parsed.Invoke(config);
        }
        catch (QuantaException e)
        {
            env.Error.WriteLine($"quanta: {e.Message}");
            return ExitError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            bool verboseErrors = parsed.GetValue(verbose);
            env.Error.WriteLine($"quanta: unexpected error: {e.GetType().Name}: {e.Message}");
            if (verboseErrors) env.Error.WriteLine(e.ToString());
            env.Error.WriteLine("this is a bug in Quanta; please report it with the command line"
                + (verboseErrors ? "" : " (run with --verbose for the stack trace)"));
            return ExitBug;
        }
        finally
        {
            env.Output.Flush();
            env.Error.Flush();
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is CommandResult parent; result = parent) names.Insert(0, result.Command.Name);
        return names;
    }
}
